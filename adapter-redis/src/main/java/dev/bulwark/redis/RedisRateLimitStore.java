package dev.bulwark.redis;

import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import java.util.Objects;

/**
 * A {@link RateLimitStore} in Redis: one token bucket per key under {@code <prefix>ratelimit:<key>}, shared by
 * every server instance that uses the same Redis, so N instances with a limit of L accept at most L calls in
 * total, not N x L.
 *
 * <p>Each decision is one atomic Lua script (see {@code token-bucket.lua}): it reads the bucket, refills it for
 * the time passed, takes a token or computes when one will be there, and writes the bucket back with an expiry,
 * with no other command in between. Time comes from the Redis server's {@code TIME}, so instances whose clocks
 * differ still agree on the bucket. The semantics are those of the core's in-memory store (same rate, burst and
 * retry-after), and the same contract suite checks both.
 *
 * <p>Calls go through the {@link RedisConnection}'s breaker and timeout; on failure they throw
 * {@link dev.bulwark.ports.DependencyUnavailableException} and the core decides with its local in-memory limiter
 * instead, never "unlimited". Thread-safe.
 */
public final class RedisRateLimitStore implements RateLimitStore {

    private static final String NAMESPACE = "ratelimit";

    private final RedisConnection redis;
    private final TokenBucketScript script = TokenBucketScript.load();

    public RedisRateLimitStore(RedisConnection redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public RateLimitDecision tryAcquire(String key, RateLimit limit) {
        Objects.requireNonNull(limit, "limit");
        String redisKey = redis.key(NAMESPACE, key);
        RateLimitDecision decision = redis.execute(
                RedisOperation.RATE_LIMIT, client -> script.takeToken(client, redisKey, limit));
        redis.stats().decision(decision.allowed());
        return decision;
    }
}
