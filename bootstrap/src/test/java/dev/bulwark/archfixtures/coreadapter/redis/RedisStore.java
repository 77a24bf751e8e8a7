package dev.bulwark.archfixtures.coreadapter.redis;

/** An adapter class, the target the core must not reach. */
public class RedisStore {

    public String get(String key) {
        return key;
    }
}
