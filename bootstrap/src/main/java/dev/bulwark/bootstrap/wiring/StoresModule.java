package dev.bulwark.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dev.bulwark.core.internal.data.cache.InMemoryCacheStore;
import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import dev.bulwark.postgres.JdbcDatabase;
import dev.bulwark.redis.RedisCacheStore;
import dev.bulwark.redis.RedisRateLimitStore;
import java.util.Optional;
import javax.inject.Provider;
import javax.inject.Singleton;

/**
 * Chooses the stores the core runs on, by configuration: with {@code REDIS_URL} set, the Redis cache and the shared
 * Redis rate-limit store ({@link RedisModule}); without it, the in-memory cache ({@link InMemoryStoresModule}) and
 * no shared rate-limit store (the core's local token buckets decide). The unused implementation is never built.
 * When the shared store fails, the core falls back to its local limiter, and treats cache failures as misses.
 *
 * <p>On the embedded database (no {@code DATABASE_URL}), each instance has a database of its own, so the Redis cache
 * is partitioned by that database's identity ({@link PartitionedCacheStore}): instances sharing a Redis never serve
 * each other's users. The rate limits stay shared.
 */
@Module
interface StoresModule {

    @Provides
    @Singleton
    static CacheStore cacheStore(Optional<RedisCacheStore> redis, Provider<InMemoryCacheStore> inMemory,
                                 Provider<JdbcDatabase> database) {
        return redis.<CacheStore>map(store -> database.get().privateIdentity()
                        .<CacheStore>map(identity -> new PartitionedCacheStore(store, identity))
                        .orElse(store))
                .orElseGet(inMemory::get);
    }

    /** The rate-limit store shared by every server instance, if one is configured. */
    @Provides
    @Singleton
    static Optional<RateLimitStore> sharedRateLimitStore(Optional<RedisRateLimitStore> redis) {
        return redis.map(store -> store);
    }
}
