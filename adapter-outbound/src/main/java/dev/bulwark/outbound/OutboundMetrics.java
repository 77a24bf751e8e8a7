package dev.bulwark.outbound;

import dev.failsafe.CircuitBreaker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The registered services' meters, for any registry they are bound to.
 */
final class OutboundMetrics implements MeterBinder {

    private final OutboundServices services;

    OutboundMetrics(OutboundServices services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (RegisteredService service : services.registeredServices()) {
            String name = service.options().name();
            ServiceStats stats = service.stats();
            Gauge.builder("bulwark.service.up", service, s -> s.isUp() ? 1 : 0)
                    .description("1 when the service's last health check passed, else 0")
                    .tag("service", name)
                    .strongReference(true)
                    .register(registry);
            Gauge.builder("bulwark.service.health.check.latency", stats, ServiceStats::lastCheckSeconds)
                    .description("How long the service's last health check took")
                    .tag("service", name)
                    .baseUnit("seconds")
                    .strongReference(true)
                    .register(registry);
            for (CallOutcome outcome : CallOutcome.values()) {
                FunctionTimer.builder(
                                "bulwark.service.requests",
                                stats,
                                s -> s.calls(outcome),
                                s -> s.totalSeconds(outcome),
                                TimeUnit.SECONDS)
                        .description("Calls to the service and their total time, by outcome")
                        .tag("service", name)
                        .tag("outcome", outcome.tag())
                        .register(registry);
            }
            FunctionCounter.builder("bulwark.service.retries", stats, ServiceStats::retries)
                    .description("Attempts after the first, for calls the service's retry policy allowed to retry")
                    .tag("service", name)
                    .register(registry);
            for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
                Gauge.builder("bulwark.service.circuit.breaker.state", service, s -> s.breakerState() == state ? 1 : 0)
                        .description("1 for the service's circuit breaker's current state, 0 for the others")
                        .tag("service", name)
                        .tag("state", state.name().toLowerCase(Locale.ROOT))
                        .strongReference(true)
                        .register(registry);
            }
        }
    }
}
