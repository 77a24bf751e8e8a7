package dev.bulwark.redis;

import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import java.util.Objects;

/**
 * A {@link RateLimitStore} in Redis: one sliding window per key under {@code <prefix>ratewindow:<key>}, shared by
 * every server instance that uses the same Redis, so N instances with a limit of L accept at most L calls in any
 * window in total, not N x L. The semantics are {@link RateLimit}'s, the same as the core's in-memory store, and the
 * same contract suite checks both.
 *
 * <p>Each decision is one Redis transaction, one round trip, no script (see {@link SlidingWindowCommands}); a
 * rejected call pays a second round trip to take its count back. Windows are counted on Redis's clock
 * ({@link RedisTime}): instances whose clocks differ still agree on them.
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
        String redisKey = redis.key(NAMESPACE, key);
        RateLimitDecision decision = redis.execute(RedisOperation.RATE_LIMIT, client -> SlidingWindowCommands.decide(
                client, redisKey, limit, time.nowNanos(client), null).decision());
        redis.stats().decision(decision.allowed());
        return decision;
    }
}
