package dev.bulwark.spring;

import dev.bulwark.core.Bulwark;
import dev.bulwark.redis.RedisCacheStore;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisHealthIndicator;
import dev.bulwark.redis.RedisMetrics;
import dev.bulwark.redis.RedisRateLimitStore;
import dev.bulwark.redis.RedisTaskChangeFeed;
import dev.bulwark.redis.RedisTaskQueue;
import dev.bulwark.redis.RedisTaskStore;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Puts Bulwark on the application context's one {@link RedisConnection}, as the server jar does with
 * {@code redis.url}: the cache, the rate limit and the tasks shared by every instance, Redis's health among Bulwark's,
 * and its meters in Bulwark's registry. Nothing without exactly one connection. Stateless.
 */
final class BulwarkRedisStores implements BulwarkCustomizer {

    private final ObjectProvider<RedisConnection> redis;

    BulwarkRedisStores(ObjectProvider<RedisConnection> redis) {
        this.redis = redis;
    }

    @Override
    public void customize(Bulwark.Builder builder) {
        redis.ifUnique(connection -> builder.cacheStore(new RedisCacheStore(connection))
                .rateLimitStore(new RedisRateLimitStore(connection))
                .taskStore(new RedisTaskStore(connection))
                .taskChangeFeed(new RedisTaskChangeFeed(connection))
                .taskQueue(new RedisTaskQueue(connection))
                .healthIndicator(new RedisHealthIndicator(connection)));
    }

    @Override
    public void built(Bulwark bulwark) {
        redis.ifUnique(connection -> new RedisMetrics(connection).bindTo(bulwark.meterRegistry()));
    }
}
