package dev.bulwark.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import dev.bulwark.ports.tasks.TaskChangeFeed;
import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.ports.tasks.TaskStore;
import dev.bulwark.postgres.JdbcDatabase;
import dev.bulwark.redis.RedisCacheStore;
import dev.bulwark.redis.RedisRateLimitStore;
import dev.bulwark.redis.RedisTaskChangeFeed;
import dev.bulwark.redis.RedisTaskQueue;
import dev.bulwark.redis.RedisTaskStore;
import java.util.Optional;
import javax.inject.Provider;
import javax.inject.Singleton;

/**
 * Chooses the shared stores the core runs on: Redis with {@code REDIS_URL}; without, none, and the core keeps its own
 * in memory.
 */
@Module
interface StoresModule {

    /**
     * The response cache shared by every server instance, if one is configured; without it the core's own. On the
     * embedded database each instance has a database of its own, so the Redis cache is partitioned by its identity:
     * instances sharing a Redis never serve each other's users. The rate limits stay shared.
     */
    @Provides
    @Singleton
    static Optional<CacheStore> sharedCacheStore(Optional<RedisCacheStore> redis, Provider<JdbcDatabase> database) {
        return redis.map(store -> database.get()
                .privateIdentity()
                .<CacheStore>map(identity -> new PartitionedCacheStore(store, identity))
                .orElse(store));
    }

    /** The rate-limit store shared by every server instance, if one is configured. */
    @Provides
    @Singleton
    static Optional<RateLimitStore> sharedRateLimitStore(Optional<RedisRateLimitStore> redis) {
        return redis.map(store -> store);
    }

    /** The task store shared by every server instance, if one is configured; without it tasks live in memory. */
    @Provides
    @Singleton
    static Optional<TaskStore> sharedTaskStore(Optional<RedisTaskStore> redis) {
        return redis.map(store -> store);
    }

    /** The feed that carries task changes between server instances, with the shared task store; else none. */
    @Provides
    @Singleton
    static Optional<TaskChangeFeed> taskChangeFeed(Optional<RedisTaskChangeFeed> redis) {
        return redis.map(feed -> feed);
    }

    /** The task queue shared by every server instance and worker, if one is configured. */
    @Provides
    @Singleton
    static Optional<TaskQueue> sharedTaskQueue(Optional<RedisTaskQueue> redis) {
        return redis.map(queue -> queue);
    }
}
