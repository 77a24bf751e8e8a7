package dev.bulwark.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Response cache settings.
 *
 * @param enabled whether tools that declare a cache policy are cached at all
 * @param defaultTtl the TTL of tools whose policy does not set one ({@code CACHE_TTL}, seconds)
 * @param maxEntries the size bound of the in-memory cache store
 */
public record CacheSettings(boolean enabled, Duration defaultTtl, int maxEntries) {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(300);
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    public CacheSettings {
        Objects.requireNonNull(defaultTtl, "cache.ttl");
        if (defaultTtl.isNegative() || defaultTtl.isZero()) {
            throw new IllegalArgumentException("cache.ttl must be positive, was " + defaultTtl);
        }
        if (defaultTtl.compareTo(Duration.ofDays(365)) > 0) { // as CachePolicy.MAX_TTL, which this layer cannot see
            throw new IllegalArgumentException(
                    "cache.ttl must be at most 365 days, as a tool's own TTL, was " + defaultTtl);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cache.max-entries must be at least 1, was " + maxEntries);
        }
    }

    public static CacheSettings defaults() {
        return new CacheSettings(true, DEFAULT_TTL, DEFAULT_MAX_ENTRIES);
    }

    /** A copy with {@code enabled} replaced. */
    public CacheSettings withEnabled(boolean value) {
        return new CacheSettings(value, defaultTtl, maxEntries);
    }

    /** A copy with {@code defaultTtl} replaced. */
    public CacheSettings withDefaultTtl(Duration value) {
        return new CacheSettings(enabled, value, maxEntries);
    }

    /** A copy with {@code maxEntries} replaced. */
    public CacheSettings withMaxEntries(int value) {
        return new CacheSettings(enabled, defaultTtl, value);
    }
}
