package dev.bulwark.mcpclient;

import dev.bulwark.ports.origin.ProtocolEra;
import dev.failsafe.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The upstreams' meters, each with an {@code upstream} tag: {@code bulwark_upstream_calls_total{upstream,outcome}},
 * {@code bulwark_upstream_call_duration_seconds{upstream}}, {@code bulwark_upstream_connected},
 * {@code bulwark_upstream_restarts_total}, {@code bulwark_upstream_inflight},
 * {@code bulwark_upstream_breaker_open} and {@code bulwark_upstream_era{upstream,era}}. Calls before it is bound are not counted. Thread-safe.
 */
final class UpstreamMetrics implements MeterBinder {

    private final List<UpstreamConnection> connections = new CopyOnWriteArrayList<>();
    private volatile MeterRegistry registry;

    void register(UpstreamConnection connection) {
        connections.add(connection);
        MeterRegistry bound = registry;
        if (bound != null) {
            bindConnection(bound, connection);
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        connections.forEach(connection -> bindConnection(registry, connection));
    }

    private static void bindConnection(MeterRegistry registry, UpstreamConnection connection) {
        String name = connection.name();
        Gauge.builder("bulwark.upstream.connected", connection, c -> c.connected() ? 1 : 0)
                .description("Whether the upstream MCP server is connected (1) or not (0)")
                .tag("upstream", name)
                .register(registry);
        FunctionCounter.builder("bulwark.upstream.restarts", connection, UpstreamConnection::restarts)
                .description("Times the upstream was connected again after it ended or failed")
                .tag("upstream", name)
                .register(registry);
        Gauge.builder("bulwark.upstream.inflight", connection, UpstreamConnection::inUse)
                .description("Calls to the upstream running now")
                .tag("upstream", name)
                .register(registry);
        Gauge.builder(
                        "bulwark.upstream.breaker.open",
                        connection,
                        c -> c.breakerState() == CircuitBreaker.State.OPEN ? 1 : 0)
                .description("Whether the upstream's circuit breaker is open (1)")
                .tag("upstream", name)
                .register(registry);
        for (ProtocolEra spoken : ProtocolEra.values()) {
            String era = spoken.version();
            Gauge.builder("bulwark.upstream.era", connection, c -> era.equals(c.era()) ? 1 : 0)
                    .description("Whether the upstream was last connected in this protocol era (1)")
                    .tags("upstream", name, "era", era)
                    .register(registry);
        }
    }

    void recordCall(String upstream, String outcome, long nanos) {
        MeterRegistry bound = registry;
        if (bound == null) {
            return;
        }
        Counter.builder("bulwark.upstream.calls")
                .description("Tool calls sent to the upstream, by how they ended")
                .tags("upstream", upstream, "outcome", outcome)
                .register(bound)
                .increment();
        Timer.builder("bulwark.upstream.call.duration")
                .description("How long tool calls to the upstream took")
                .tag("upstream", upstream)
                .register(bound)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
