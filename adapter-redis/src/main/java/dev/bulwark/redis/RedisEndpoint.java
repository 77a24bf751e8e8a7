package dev.bulwark.redis;

import java.util.function.Supplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * Where the commands of a {@link RedisConnection} go: one server, the primary a Sentinel set names, or a Redis
 * Cluster. Thread-safe.
 */
interface RedisEndpoint extends AutoCloseable {

    /**
     * The pooled client whose commands reach the primary.
     *
     * @throws redis.clients.jedis.exceptions.JedisConnectionException when no primary can be found now
     */
    UnifiedJedis client();

    /** Whether the commands go to a Redis Cluster, where each script and transaction must keep to one slot. */
    default boolean isCluster() {
        return false;
    }

    /**
     * Whether the primary has replicas that a failover may promote (a Sentinel set, a Cluster), so that a write that
     * must outlive it waits for one; one server is taken to have none.
     */
    default boolean replicated() {
        return false;
    }

    /** Whether a pooled connection is idle now: a hint that a command need not open one. */
    boolean connectionReady();

    /** Closes the idle pooled connections, so that the next command connects afresh. */
    void clearIdle();

    /** Pooled connections lent out now. */
    int activeConnections();

    /** Pooled connections idle now. */
    int idleConnections();

    /**
     * A connection of its own to the primary, outside the pool, that waits on reads without end: a pub/sub
     * subscriber's. It connects when first used; the caller closes it.
     *
     * @throws redis.clients.jedis.exceptions.JedisConnectionException when no primary can be found now
     */
    Jedis subscriber();

    /** Closes every pooled connection and stops any background work. */
    @Override
    void close();

    /**
     * Parses {@code url} now, so that a malformed one stops the start, and makes the endpoint it names when asked:
     * {@code redis-sentinel://} a Sentinel set, {@code redis-cluster://} a Redis Cluster, else one server.
     *
     * @throws IllegalArgumentException naming what is wrong, never quoting the URL
     */
    static Supplier<RedisEndpoint> parse(String url, RedisSettings settings) {
        if (RedisSentinelUrl.isSentinel(url)) {
            RedisSentinelUrl sentinel = RedisSentinelUrl.parse(url);
            return () -> new SentinelEndpoint(sentinel, settings);
        }
        if (RedisClusterUrl.isCluster(url)) {
            RedisClusterUrl cluster = RedisClusterUrl.parse(url);
            return () -> new ClusterEndpoint(cluster, settings);
        }
        RedisUrl single = RedisUrl.parse(url);
        return () -> new SingleEndpoint(single, settings);
    }
}
