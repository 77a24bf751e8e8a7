package dev.bulwark.ports.ratelimit;

import dev.bulwark.ports.cache.CacheStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Holds rate-limit windows and decides each call atomically, with the semantics {@link RateLimit} describes.
 * Implementations must be thread-safe.
 */
public interface RateLimitStore {

    /**
     * Accepts one call in the window named {@code key} if it still holds fewer than the limit's capacity, creating
     * it empty if it does not exist.
     *
     * @param key the window, already scoped by the core (for example principal and tool)
     * @param limit the window's length and capacity
     * @return whether the call is allowed, and when to retry if not
     */
    RateLimitDecision tryAcquire(String key, RateLimit limit);

    /**
     * Counts calls an instance's local limiter accepted while this store failed, in the window named {@code key}, so
     * the calls accepted after the outage stay within the limit together with them. Each counts in the slot it was
     * accepted in, {@code acceptedAgo} before now on this store's clock; one accepted a window or more ago is skipped.
     * The default counts nothing and returns false; the contract suite expects every store to count them.
     *
     * @param key the window, as {@link #tryAcquire} names it
     * @param limit the window's length and capacity, as {@link #tryAcquire} is given it
     * @param acceptedAgo how long ago each call was accepted, none negative
     * @return whether the calls were counted; false when this store cannot count them
     */
    default boolean addAccepted(String key, RateLimit limit, List<Duration> acceptedAgo) {
        return false;
    }

    /**
     * Refuses {@code acceptedAgo} unless every call in it was accepted in the past, as {@link #addAccepted} requires:
     * for its implementations, before they count any of them.
     *
     * @throws IllegalArgumentException naming the first negative duration
     */
    static void requireAcceptedInThePast(List<Duration> acceptedAgo) {
        for (Duration ago : acceptedAgo) {
            if (ago.isNegative()) {
                throw new IllegalArgumentException("a call cannot be accepted in the future, was " + ago + " ago");
            }
        }
    }

    /**
     * A way to decide a call and read {@code cache} in one round trip, when this store and {@code cache} live in the
     * same place (one Redis, one connection); empty when they do not. The default is empty: the core then decides
     * and looks up with two calls, as it always can.
     *
     * @param cache the cache store the core uses
     */
    default Optional<RateLimitedRead> readsAlongWith(CacheStore cache) {
        return Optional.empty();
    }
}
