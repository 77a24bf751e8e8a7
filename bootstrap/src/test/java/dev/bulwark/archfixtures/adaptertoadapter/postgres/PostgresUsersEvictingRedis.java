package dev.bulwark.archfixtures.adaptertoadapter.postgres;

import dev.bulwark.archfixtures.adaptertoadapter.redis.RedisCache;

/** Breaks "adapters do not depend on each other": the Postgres adapter evicts from the Redis adapter. */
public class PostgresUsersEvictingRedis {

    public void deleted(RedisCache cache, String user) {
        cache.evict(user);
    }
}
