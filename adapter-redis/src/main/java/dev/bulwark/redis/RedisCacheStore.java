package dev.bulwark.redis;

import dev.bulwark.ports.cache.CacheStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.params.SetParams;

/**
 * A {@link CacheStore} in Redis, shared by every instance with the same key prefix. Thread-safe.
 */
public final class RedisCacheStore implements CacheStore {

    private static final String NAMESPACE = "cache";

    private final RedisConnection redis;

    public RedisCacheStore(RedisConnection redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    /** The connection this store uses. */
    RedisConnection connection() {
        return redis;
    }

    /** The Redis key of the cache entry {@code key}. */
    String redisKey(String key) {
        return redis.key(NAMESPACE, key);
    }

    @Override
    public Optional<String> get(String key) {
        String redisKey = redis.key(NAMESPACE, key);
        return Optional.ofNullable(redis.execute(RedisOperation.CACHE_GET, client -> client.get(redisKey)));
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        Objects.requireNonNull(value, "value");
        if (ttl == null || ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("cache ttl must be positive, was " + ttl);
        }
        String redisKey = redis.key(NAMESPACE, key);
        // Redis counts in whole milliseconds: round up, so a sub-millisecond TTL is not an error.
        long millis = Math.max(1, ttl.plusNanos(999_999).toMillis());
        SetParams expiry = SetParams.setParams().px(millis);
        redis.execute(RedisOperation.CACHE_PUT, client -> client.set(redisKey, value, expiry));
    }

    @Override
    public void invalidate(String key) {
        String redisKey = redis.key(NAMESPACE, key);
        redis.execute(RedisOperation.CACHE_INVALIDATE, client -> client.del(redisKey));
    }
}
