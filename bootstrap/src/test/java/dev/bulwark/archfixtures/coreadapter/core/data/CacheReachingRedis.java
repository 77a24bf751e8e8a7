package dev.bulwark.archfixtures.coreadapter.core.data;

import dev.bulwark.archfixtures.coreadapter.redis.RedisStore;

/** Breaks "core reaches no adapter": the data layer uses the Redis adapter instead of the cache port. */
public class CacheReachingRedis {

    public String get(RedisStore cache, String key) {
        return cache.get(key);
    }
}
