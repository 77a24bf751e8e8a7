package dev.bulwark.spring;

import dev.bulwark.core.Bulwark;
import dev.bulwark.redis.RedisCacheStore;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisHealthIndicator;
import dev.bulwark.redis.RedisRateLimitStore;
import dev.bulwark.redis.RedisTaskStore;

/**
 * Puts Bulwark on one Redis, as the server jar does with {@code redis.url}: the cache, the rate limit and the tasks
 * shared by every instance, and Redis's health among Bulwark's. Stateless.
 */
final class BulwarkRedisStores {

    private BulwarkRedisStores() {}

    /** {@code builder} with its stores on {@code redis}. */
    static Bulwark.Builder onto(Bulwark.Builder builder, RedisConnection redis) {
        return builder.cacheStore(new RedisCacheStore(redis))
                .rateLimitStore(new RedisRateLimitStore(redis))
                .taskStore(new RedisTaskStore(redis))
                .healthIndicator(new RedisHealthIndicator(redis));
    }
}
