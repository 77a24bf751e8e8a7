package dev.bulwark.serve;

import dev.bulwark.ports.metrics.MetricsExposition;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;
import java.util.Optional;

/** The server's Prometheus registry in Prometheus text format 0.0.4, for {@code /metrics}. Thread-safe. */
public final class PrometheusExposition implements MetricsExposition {

    private final PrometheusMeterRegistry registry;

    public PrometheusExposition(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * The Prometheus text of {@code registry} when it is a Prometheus registry or a composite holding one; else empty.
     * Only callable with Prometheus' registry on the class path, as every use of this class.
     */
    public static Optional<MetricsExposition> within(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            return Optional.of(new PrometheusExposition(prometheus));
        }
        if (registry instanceof CompositeMeterRegistry composite) {
            return composite.getRegistries().stream()
                    .filter(PrometheusMeterRegistry.class::isInstance)
                    .findFirst()
                    .map(prometheus -> new PrometheusExposition((PrometheusMeterRegistry) prometheus));
        }
        return Optional.empty();
    }

    /**
     * As {@link #within}, and for a composite without a Prometheus registry, one added to it, which then sees every
     * meter it holds.
     */
    static Optional<MetricsExposition> of(MeterRegistry registry) {
        Optional<MetricsExposition> inside = within(registry);
        if (inside.isEmpty() && registry instanceof CompositeMeterRegistry composite) {
            PrometheusMeterRegistry added = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            composite.add(added);
            return Optional.of(new PrometheusExposition(added));
        }
        return inside;
    }

    @Override
    public String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    @Override
    public String scrape() {
        return registry.scrape();
    }
}
