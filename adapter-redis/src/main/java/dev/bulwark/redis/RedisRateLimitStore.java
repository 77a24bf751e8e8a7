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
 * A {@link RateLimitStore} in Redis, one sliding window per key, shared by every instance. Thread-safe.
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
        SlidingWindowCommands.Outcome outcome = redis.execute(
                RedisOperation.RATE_LIMIT,
                client -> SlidingWindowCommands.followingMoves(
                        client,
                        asked -> SlidingWindowCommands.decide(
                                client, asked, redisKey, limit, time.nowNanos(client), null)));
        tidy(outcome);
        redis.stats().decision(outcome.decision().allowed());
        return outcome.decision();
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
            return SlidingWindowCommands.followingMoves(client, asked -> {
                SlidingWindowCommands.add(client, asked, redisKey, limit, time.nowNanos(client), acceptedAgo);
                return null;
            });
        });
        return true;
    }

    /** The window's tidying after its decision, outside the decision's timed call (see the tidying step). */
    private void tidy(SlidingWindowCommands.Outcome outcome) {
        outcome.tidying()
                .ifPresent(tidying -> redis.afterAnswer(client -> SlidingWindowCommands.tidy(client, tidying)));
    }

    private String windowKey(String key, RateLimit limit) {
        return redis.key(NAMESPACE, limit.slotNanos() + ":" + key);
    }

    /**
     * The decision and the cache read in one transaction, when {@code cache} is a Redis store on this connection and
     * not on a Redis Cluster, where the window and the cache entry lie in different slots.
     */
    @Override
    public Optional<RateLimitedRead> readsAlongWith(CacheStore cache) {
        if (cache instanceof RedisCacheStore redisCache && redisCache.connection() == redis && !redis.isCluster()) {
            return Optional.of((limitKey, limit, cacheKey) -> tryAcquireAndGet(limitKey, limit, redisCache, cacheKey));
        }
        return Optional.empty();
    }

    private DecisionAndRead tryAcquireAndGet(String key, RateLimit limit, RedisCacheStore cache, String cacheKey) {
        Objects.requireNonNull(limit, "limit");
        String redisKey = windowKey(key, limit);
        String redisCacheKey = cache.redisKey(cacheKey);
        SlidingWindowCommands.Outcome outcome = redis.execute(
                RedisOperation.RATE_LIMIT,
                client -> SlidingWindowCommands.decide(
                        client, Optional.empty(), redisKey, limit, time.nowNanos(client), redisCacheKey));
        tidy(outcome);
        // The cache read travelled with the decision: count it as the cache_get it replaces.
        redis.stats().call(RedisOperation.CACHE_GET);
        redis.stats().decision(outcome.decision().allowed());
        return new DecisionAndRead(outcome.decision(), outcome.cached());
    }
}
