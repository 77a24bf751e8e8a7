package dev.bulwark.core.internal.presentation.pipeline;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code mcp.inflight.requests} gauge: one count per meter registry. Thread-safe.
 */
final class InflightRequests {

    static final String NAME = "mcp.inflight.requests";

    /**
     * The count of each registry in use; guarded by itself. One count per registry, not per server: Micrometer keeps
     * the first gauge registered under a name, so a count per server would report only the first server's calls.
     */
    private static final Map<MeterRegistry, AtomicInteger> BY_REGISTRY = new WeakHashMap<>();

    private InflightRequests() {}

    /** The count of {@code registry}, its gauge registered (again, if the registry was cleared meanwhile). */
    static AtomicInteger of(MeterRegistry registry) {
        AtomicInteger count;
        synchronized (BY_REGISTRY) {
            count = BY_REGISTRY.computeIfAbsent(registry, unused -> new AtomicInteger());
        }
        Gauge.builder(NAME, count, AtomicInteger::get)
                .description("Tool calls in progress, of every server on this registry")
                .strongReference(true)
                .register(registry);
        return count;
    }
}
