package dev.bulwark.core.config;

import dev.bulwark.config.ConfigProblem;
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
            throw ConfigProblem.of("cache.ttl", "must be positive, was " + defaultTtl)
                    .refusal();
        }
        if (defaultTtl.compareTo(Duration.ofDays(365)) > 0) { // as CachePolicy.MAX_TTL, which this layer cannot see
            throw ConfigProblem.of("cache.ttl", "must be at most 365 days, as a tool's own TTL, was " + defaultTtl)
                    .refusal();
        }
        if (maxEntries < 1) {
            throw ConfigProblem.of("cache.max-entries", "must be at least 1, was " + maxEntries)
                    .refusal();
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
