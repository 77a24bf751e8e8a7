package dev.bulwark.archfixtures.adaptertoadapter.redis;

/** An adapter class, the target another adapter must not reach. */
public class RedisCache {

    public void evict(String key) {
        System.out.println("evict " + key);
    }
}
