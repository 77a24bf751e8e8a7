package dev.bulwark.core.internal.presentation.pipeline;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code mcp.inflight.requests} gauge of a meter registry: the tool calls in flight of every server built on that
 * registry, in one count per registry. Micrometer keeps the first gauge registered under a name, so a count per server
 * would report only the first server's calls, and removing the gauge with one closed server would hide the others'.
 * A registry's count is forgotten with the registry. Thread-safe.
 */
final class InflightRequests {

    static final String NAME = "mcp.inflight.requests";

    /** The count of each registry in use; guarded by itself. */
    private static final Map<MeterRegistry, AtomicInteger> BY_REGISTRY = new WeakHashMap<>();

    private InflightRequests() {
    }

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
