package dev.bulwark.ports.ratelimit;

import java.util.Objects;
import java.util.Optional;

/**
 * A capability a {@link RateLimitStore} may offer ({@link RateLimitStore#readsAlongWith}): a rate-limit decision and a
 * cache read in one trip to a store that holds both, for a cached tool call, which otherwise costs two (the decision,
 * then the lookup). The core uses it when the store offers it and falls back to two calls otherwise.
 *
 * <p>The decision has exactly the semantics of {@link RateLimitStore#tryAcquire}; the read those of
 * {@link dev.bulwark.ports.cache.CacheStore#get} on the cache store it was obtained for. The read happens whatever the
 * decision (the core ignores it for a rejected call). Failures are reported as
 * {@link dev.bulwark.ports.DependencyUnavailableException}, for both halves at once: the core then decides with its
 * local limiter and looks the key up on its own. Implementations must be thread-safe.
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
