package dev.bulwark.redis;

import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import dev.bulwark.ports.ratelimit.RateLimitedRead;
import dev.bulwark.ports.ratelimit.RateLimitedRead.DecisionAndRead;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link RateLimitStore} in Redis: one sliding window per key and slot length under
 * {@code <prefix>ratewindow:<slot length in ns>:<key>}, shared by every server instance that uses the same Redis, so
 * N instances with a limit of L accept at most L calls in any window in total, not N x L. Instances whose limits for
 * a key have different slot lengths (a rolling deploy that changed the limit) keep a window each: counted in one
 * hash, each would read the other's slots as stale and delete them, and neither would limit anything. The semantics are {@link RateLimit}'s, the same as the core's in-memory store, and the
 * same contract suite checks both.
 *
 * <p>Each decision is one Redis transaction, one round trip, no script (see {@link SlidingWindowCommands}); a
 * rejected call pays a second round trip to take its count back. Windows are counted on Redis's clock
 * ({@link RedisTime}): instances whose clocks differ still agree on them.
 *
 * <p>With a {@link RedisCacheStore} on the same connection it offers {@link #readsAlongWith}: the decision of a cached
 * tool call and its cache {@code GET} in the same transaction, so a cached call costs one round trip, not two.
 *
 * <p>Calls go through the {@link RedisConnection}'s breaker and timeout; on failure they throw
 * {@link dev.bulwark.ports.DependencyUnavailableException} and the core decides with its local limiter instead (this
 * instance's share of the limit), never "unlimited". Thread-safe.
 */
public final class RedisRateLimitStore implements RateLimitStore {

    private static final String NAMESPACE = "ratewindow";

    private final RedisConnection redis;
    private final RedisTime time;

    public RedisRateLimitStore(RedisConnection redis) {
        this(redis, RedisTime.server(redis.ticker()));
    }

    /** A store counting on {@code time}: Redis's own, or a test's. */
    RedisRateLimitStore(RedisConnection redis, RedisTime time) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.time = Objects.requireNonNull(time, "time");
    }

    @Override
    public RateLimitDecision tryAcquire(String key, RateLimit limit) {
        Objects.requireNonNull(limit, "limit");
        String redisKey = windowKey(key, limit);
        RateLimitDecision decision = redis.execute(RedisOperation.RATE_LIMIT, client -> SlidingWindowCommands.decide(
                client, redisKey, limit, time.nowNanos(client), null).decision());
        redis.stats().decision(decision.allowed());
        return decision;
    }

    /**
     * Counts calls accepted elsewhere in one transaction, each in its slot on Redis's clock (see
     * {@link SlidingWindowCommands#add}).
     */
    @Override
    public boolean addAccepted(String key, RateLimit limit, List<Duration> acceptedAgo) {
        Objects.requireNonNull(limit, "limit");
        RateLimitStore.requireAcceptedInThePast(acceptedAgo);
        String redisKey = windowKey(key, limit);
        redis.execute(RedisOperation.RATE_LIMIT, client -> {
            SlidingWindowCommands.add(client, redisKey, limit, time.nowNanos(client), acceptedAgo);
            return null;
        });
        return true;
    }

    private String windowKey(String key, RateLimit limit) {
        return redis.key(NAMESPACE, limit.slotNanos() + ":" + key);
    }

    /** The decision and the cache read in one transaction, when {@code cache} is a Redis store on this connection. */
    @Override
    public Optional<RateLimitedRead> readsAlongWith(CacheStore cache) {
        if (cache instanceof RedisCacheStore redisCache && redisCache.connection() == redis) {
            return Optional.of((limitKey, limit, cacheKey) -> tryAcquireAndGet(limitKey, limit, redisCache, cacheKey));
        }
        return Optional.empty();
    }

    private DecisionAndRead tryAcquireAndGet(String key, RateLimit limit, RedisCacheStore cache, String cacheKey) {
        Objects.requireNonNull(limit, "limit");
        String redisKey = windowKey(key, limit);
        String redisCacheKey = cache.redisKey(cacheKey);
        SlidingWindowCommands.Outcome outcome = redis.execute(RedisOperation.RATE_LIMIT, client ->
                SlidingWindowCommands.decide(client, redisKey, limit, time.nowNanos(client), redisCacheKey));
        // The cache read travelled with the decision: count it as the cache_get it replaces.
        redis.stats().call(RedisOperation.CACHE_GET);
        redis.stats().decision(outcome.decision().allowed());
        return new DecisionAndRead(outcome.decision(), outcome.cached());
    }
}
