package dev.bulwark.serve;

import dev.bulwark.ports.metrics.MetricsExposition;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;

/** The server's Prometheus registry in Prometheus text format 0.0.4, for {@code /metrics}. Thread-safe. */
public final class PrometheusExposition implements MetricsExposition {

    private final PrometheusMeterRegistry registry;

    public PrometheusExposition(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
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
