package dev.bulwark.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fleet's meters.
 */
final class FleetMetrics {

    private static final Duration[] BUCKETS = {
        Duration.ofMillis(100),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> availability = new ConcurrentHashMap<>();

    public FleetMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Counts one check and records its requests' durations and the availability it shows. */
    public void record(CheckResult result) {
        Counter.builder("mcp.health.checks")
                .description("Health checks of the watched MCP servers, by outcome")
                .tag("server", result.target())
                .tag("status", result.outcome().status())
                .register(registry)
                .increment();
        result.durations()
                .forEach((method, duration) -> Timer.builder("mcp.response.time")
                        .description("Time the watched MCP servers took to answer the monitor's requests")
                        .tag("server", result.target())
                        .tag("method", method)
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry)
                        .record(duration));
        availability
                .computeIfAbsent(result.target(), target -> {
                    AtomicInteger value = new AtomicInteger();
                    Gauge.builder("mcp.server.availability", value, AtomicInteger::get)
                            .description(
                                    "Whether the last check found the MCP server up (1: healthy or degraded) or not (0)")
                            .tag("server", target)
                            .strongReference(true) // the registry holds gauges weakly: keep the value for the scrape
                            .register(registry);
                    return value;
                })
                .set(result.outcome().isUp() ? 1 : 0);
    }
}
