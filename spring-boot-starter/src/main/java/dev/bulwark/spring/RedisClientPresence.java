package dev.bulwark.spring;

import org.springframework.util.ClassUtils;

/**
 * Whether the application has the Redis client Bulwark's Redis adapter runs on (Jedis 8), which the starter leaves to
 * the application. Stateless.
 */
final class RedisClientPresence {

    /** A class of Jedis 8 the adapter is built on; Jedis 7 has none. */
    static final String CLIENT_CLASS = "redis.clients.jedis.RedisClient";

    /** The Jedis version Bulwark's Redis adapter is built and tested with. */
    static final String JEDIS_VERSION = "8.0.2";

    static final String MISSING = "names a Redis for Bulwark's cache, rate limit and tasks, but the application has no"
            + " Redis client for them: add the dependency redis.clients:jedis:" + JEDIS_VERSION
            + " (docs/spring-boot.md)";

    private RedisClientPresence() {}

    /** Whether Jedis 8 is on the class path of the application being started (the thread's context class loader). */
    static boolean present() {
        return ClassUtils.isPresent(CLIENT_CLASS, null);
    }
}
