package dev.bulwark.ports.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * A key-value store with a time to live per entry, for the core's response cache. Implementations must be
 * thread-safe.
 */
public interface CacheStore {

    /**
     * The value stored under {@code key}, or empty when absent or expired. An entry may be evicted early, but is
     * never returned after its time to live.
     */
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
