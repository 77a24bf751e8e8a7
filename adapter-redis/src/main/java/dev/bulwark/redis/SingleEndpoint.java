package dev.bulwark.redis;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** One Redis server as the endpoint of a {@link RedisConnection}: a pooled client built at once. Thread-safe. */
final class SingleEndpoint implements RedisEndpoint {

    private final RedisUrl url;
    private final RedisSettings settings;
    private final RedisClient client;

    SingleEndpoint(RedisUrl url, RedisSettings settings) {
        this.url = url;
        this.settings = settings;
        this.client = RedisClients.pooled(url, settings);
    }

    @Override
    public UnifiedJedis client() {
        return client;
    }

    @Override
    public boolean connectionReady() {
        return client.getPool().getNumIdle() > 0;
    }

    @Override
    public void clearIdle() {
        client.getPool().clear();
    }

    @Override
    public int activeConnections() {
        return client.getPool().getNumActive();
    }

    @Override
    public int idleConnections() {
        return client.getPool().getNumIdle();
    }

    @Override
    public Jedis subscriber() {
        return RedisClients.dedicated(url, settings);
    }

    @Override
    public void close() {
        client.close();
    }
}
