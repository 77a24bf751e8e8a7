package dev.bulwark.ports.ratelimit;

import java.util.Objects;
import java.util.Optional;

/**
 * A rate-limit decision and a cache read in one trip, offered by a store that holds both. Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface RateLimitedRead {

    /**
     * Decides one call in the window {@code limitKey} and reads {@code cacheKey}, in one round trip.
     *
     * @param limitKey the window, as for {@link RateLimitStore#tryAcquire}
     * @param limit the window's length and capacity
     * @param cacheKey the cache entry, as for {@link dev.bulwark.ports.cache.CacheStore#get}
     */
    DecisionAndRead tryAcquireAndGet(String limitKey, RateLimit limit, String cacheKey);

    /**
     * What {@link #tryAcquireAndGet} found.
     *
     * @param decision the rate-limit decision
     * @param cached the cache entry's value, empty when absent or expired
     */
    record DecisionAndRead(RateLimitDecision decision, Optional<String> cached) {

        public DecisionAndRead {
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(cached, "cached");
        }
    }
}
