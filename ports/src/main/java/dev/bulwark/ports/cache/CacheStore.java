package dev.bulwark.ports.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * A key-value store with per-entry time to live, used by the core's response cache.
 *
 * <p>Keys are opaque strings chosen by the core (already namespaced and hashed); values are UTF-8 text (JSON).
 * An implementation must be thread-safe. It may evict entries early (size bound, memory pressure) but must never
 * return an entry after its TTL has passed.
 *
 * <p>Failures are reported as {@link dev.bulwark.ports.DependencyUnavailableException}; the core treats them
 * as misses and never fails a tool call because of the cache.
 */
public interface CacheStore {

    /** The value stored under {@code key}, or empty when absent or expired. */
    Optional<String> get(String key);

    /**
     * Stores {@code value} under {@code key} for {@code ttl}, replacing any previous value.
     *
     * @throws IllegalArgumentException if {@code ttl} is zero or negative
     */
    void put(String key, String value, Duration ttl);

    /** Removes the entry under {@code key}, if any. Removing an absent key is not an error. */
    void invalidate(String key);
}
