package dev.bulwark.redis;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.util.Pool;

/**
 * The primary a Sentinel set names, as the endpoint of a {@link RedisConnection}. The Jedis client asks the Sentinels
 * for the primary, listens to them for {@code +switch-master} and moves its pool to the new primary; it is built when
 * first needed, since building it asks the Sentinels, and again until one answers. Thread-safe.
 */
final class SentinelEndpoint implements RedisEndpoint {

    private final RedisSentinelUrl url;
    private final RedisSettings settings;
    /**
     * Held by the one thread asking the Sentinels; others wait for its answer at most an operation timeout, as long as
     * their own call may take.
     */
    private final ReentrantLock building = new ReentrantLock();

    private volatile RedisSentinelClient client;
    private volatile boolean closed;

    SentinelEndpoint(RedisSentinelUrl url, RedisSettings settings) {
        this.url = url;
        this.settings = settings;
    }

    @Override
    public UnifiedJedis client() {
        RedisSentinelClient current = client;
        return current != null ? current : build();
    }

    private RedisSentinelClient build() {
        try {
            if (!building.tryLock(settings.operationTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new JedisConnectionException("the Sentinels are being asked for the primary");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JedisConnectionException("interrupted while the Sentinels were asked for the primary", e);
        }
        try {
            if (client == null) {
                if (closed) {
                    throw new JedisConnectionException("the connection is closed");
                }
                // Asks the Sentinels for the primary: throws when none answers or none knows it.
                client = RedisClients.sentinel(url, settings);
            }
            return client;
        } finally {
            building.unlock();
        }
    }

    private Optional<Pool<Connection>> pool() {
        RedisSentinelClient current = client;
        if (current == null) {
            return Optional.empty();
        }
        return current.getPrimaryNodesConnectionMap().values().stream().findFirst();
    }

    @Override
    public boolean replicated() {
        return true;
    }

    @Override
    public boolean connectionReady() {
        return pool().map(pool -> pool.getNumIdle() > 0).orElse(false);
    }

    @Override
    public void clearIdle() {
        pool().ifPresent(Pool::clear);
    }

    @Override
    public int activeConnections() {
        return pool().map(Pool::getNumActive).orElse(0);
    }

    @Override
    public int idleConnections() {
        return pool().map(Pool::getNumIdle).orElse(0);
    }

    @Override
    public Jedis subscriber() {
        RedisSentinelClient current = (RedisSentinelClient) client();
        return RedisClients.dedicated(current.getCurrentMaster(), url.user(), url.password(), url.database(), settings);
    }

    @Override
    public void close() {
        building.lock();
        try {
            closed = true;
            if (client != null) {
                client.close();
            }
        } finally {
            building.unlock();
        }
    }
}
