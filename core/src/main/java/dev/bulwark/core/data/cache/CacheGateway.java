package dev.bulwark.core.data.cache;

import dev.bulwark.core.data.logging.ThrottledWarning;
import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.ports.time.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the core talks to a {@link CacheStore}. A failing store never fails a call: a failed lookup is a
 * miss, a failed write is skipped, and both are counted in {@code mcp_cache_requests_total{result="error"}}
 * and logged (each kind of failure at most once every 10 s, with the count in between, so an outage under load does
 * not flood the log). Thread-safe if the store is.
 */
public final class CacheGateway {

    private static final Logger LOG = LoggerFactory.getLogger(CacheGateway.class);
    private static final String METRIC = "mcp.cache.requests";

    private final CacheStore store;
    private final Counter hits;
    private final Counter misses;
    private final Counter errors;
    private final ThrottledWarning lookupFailed;
    private final ThrottledWarning writeFailed;
    private final ThrottledWarning invalidationFailed;

    public CacheGateway(CacheStore store, MeterRegistry registry) {
        this(store, registry, Ticker.system());
    }

    /** A gateway whose failure warnings are throttled on {@code ticker} (at most one per kind every 10 s). */
    public CacheGateway(CacheStore store, MeterRegistry registry, Ticker ticker) {
        this.store = Objects.requireNonNull(store, "store");
        this.hits = counter(registry, "hit");
        this.misses = counter(registry, "miss");
        this.errors = counter(registry, "error");
        Duration every = ThrottledWarning.DEFAULT_INTERVAL;
        this.lookupFailed = new ThrottledWarning(LOG, "Cache lookup failed, serving as a miss: {}", ticker, every);
        this.writeFailed = new ThrottledWarning(LOG, "Cache write failed, result not cached: {}", ticker, every);
        this.invalidationFailed = new ThrottledWarning(
                LOG, "Cache invalidation failed, entry will expire by TTL: {}", ticker, every);
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder(METRIC)
                .description("Response cache lookups by result")
                .tag("result", result)
                .register(registry);
    }

    /** The cached value, or empty on a miss or when the store failed. */
    public Optional<String> lookup(String key) {
        try {
            Optional<String> value = store.get(key);
            (value.isPresent() ? hits : misses).increment();
            return value;
        } catch (RuntimeException e) {
            errors.increment();
            lookupFailed.warn(e);
            return Optional.empty();
        }
    }

    /** Stores the value; a failing store is logged and skipped. */
    public void store(String key, String value, Duration ttl) {
        try {
            store.put(key, value, ttl);
        } catch (RuntimeException e) {
            errors.increment();
            writeFailed.warn(e);
        }
    }

    /** Removes the entry; a failing store is logged and skipped (the entry then expires by its TTL). */
    public void invalidate(String key) {
        try {
            store.invalidate(key);
        } catch (RuntimeException e) {
            errors.increment();
            invalidationFailed.warn(e);
        }
    }
}
