package dev.bulwark.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.ports.health.HealthIndicator;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.redis.RedisCacheStore;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisHealthIndicator;
import dev.bulwark.redis.RedisMetrics;
import dev.bulwark.redis.RedisRateLimitStore;
import dev.bulwark.redis.RedisTaskChangeFeed;
import dev.bulwark.redis.RedisTaskQueue;
import dev.bulwark.redis.RedisTaskStore;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Optional;
import java.util.Set;
import javax.inject.Singleton;

/**
 * The Redis adapter, on when {@code REDIS_URL} is set.
 */
@Module
interface RedisModule {

    @Provides
    @Singleton
    static Optional<RedisConnection> redisConnection(ServerConfig config, Ticker ticker, OpenTelemetry openTelemetry) {
        if (!config.redis().configured()) {
            return Optional.empty();
        }
        return Optional.of(AdapterConfigCheck.redisBuilder(config.redis())
                .ticker(ticker)
                .openTelemetry(openTelemetry)
                .build());
    }

    @Provides
    @Singleton
    static Optional<RedisCacheStore> redisCacheStore(Optional<RedisConnection> redis) {
        return redis.map(RedisCacheStore::new);
    }

    @Provides
    @Singleton
    static Optional<RedisRateLimitStore> redisRateLimitStore(Optional<RedisConnection> redis) {
        return redis.map(RedisRateLimitStore::new);
    }

    @Provides
    @Singleton
    static Optional<RedisTaskStore> redisTaskStore(Optional<RedisConnection> redis) {
        return redis.map(RedisTaskStore::new);
    }

    @Provides
    @Singleton
    static Optional<RedisTaskChangeFeed> redisTaskChangeFeed(Optional<RedisConnection> redis) {
        return redis.map(RedisTaskChangeFeed::new);
    }

    @Provides
    @Singleton
    static Optional<RedisTaskQueue> redisTaskQueue(Optional<RedisConnection> redis) {
        return redis.map(RedisTaskQueue::new);
    }

    /** Redis's health indicator when Redis is configured, nothing otherwise. */
    @Provides
    @ElementsIntoSet
    static Set<HealthIndicator> redisHealth(Optional<RedisConnection> redis) {
        return redis.<Set<HealthIndicator>>map(connection -> Set.of(new RedisHealthIndicator(connection)))
                .orElse(Set.of());
    }

    /** Redis's pool, error, decision and breaker meters when Redis is configured, nothing otherwise. */
    @Provides
    @ElementsIntoSet
    static Set<MeterBinder> redisMeters(Optional<RedisConnection> redis) {
        return redis.<Set<MeterBinder>>map(connection -> Set.of(new RedisMetrics(connection)))
                .orElse(Set.of());
    }
}
