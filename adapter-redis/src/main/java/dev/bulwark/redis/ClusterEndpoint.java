package dev.bulwark.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A Redis Cluster as the endpoint of a {@link RedisConnection}: one pool per primary, each command sent to its key's
 * slot. The client is built when first needed, since building it asks the nodes for the Cluster's layout, and again
 * until one answers. Thread-safe.
 */
final class ClusterEndpoint implements RedisEndpoint {

    private final RedisClusterUrl url;
    private final RedisSettings settings;
    /** Held by the one thread asking the nodes; others wait for its answer at most an operation timeout. */
    private final ReentrantLock building = new ReentrantLock();

    private volatile RedisClusterClient client;
    private volatile boolean closed;

    ClusterEndpoint(RedisClusterUrl url, RedisSettings settings) {
        this.url = url;
        this.settings = settings;
    }

    @Override
    public UnifiedJedis client() {
        RedisClusterClient current = client;
        return current != null ? current : build();
    }

    private RedisClusterClient build() {
        try {
            if (!building.tryLock(settings.operationTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new JedisConnectionException("the Cluster's nodes are being asked for its layout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JedisConnectionException("interrupted while the Cluster's nodes were asked for its layout", e);
        }
        try {
            if (client == null) {
                if (closed) {
                    throw new JedisConnectionException("the connection is closed");
                }
                // Asks the nodes for the slots: throws when none answers.
                client = RedisClients.cluster(url, settings);
            }
            return client;
        } finally {
            building.unlock();
        }
    }

    private List<ConnectionPool> pools() {
        RedisClusterClient current = client;
        return current == null
                ? List.of()
                : List.copyOf(current.getClusterNodes().values());
    }

    @Override
    public boolean isCluster() {
        return true;
    }

    @Override
    public boolean replicated() {
        return true;
    }

    @Override
    public boolean connectionReady() {
        // Which node's pool serves the next command is not known here: any idle connection is the hint.
        return pools().stream().anyMatch(pool -> pool.getNumIdle() > 0);
    }

    /**
     * Empties every node's pool. The layout is not read here, on the caller's thread: the client reads it after a
     * failed command, after a redirection, and every few seconds on its own thread.
     */
    @Override
    public void clearIdle() {
        pools().forEach(ConnectionPool::clear);
    }

    @Override
    public int activeConnections() {
        return pools().stream().mapToInt(ConnectionPool::getNumActive).sum();
    }

    @Override
    public int idleConnections() {
        return pools().stream().mapToInt(ConnectionPool::getNumIdle).sum();
    }

    /**
     * A connection of its own to a node of the Cluster, chosen at random: a Cluster passes every {@code PUBLISH} to
     * all its nodes, so a subscriber hears them on any.
     */
    @Override
    public Jedis subscriber() {
        RedisClusterClient current = (RedisClusterClient) client();
        List<String> nodes = new ArrayList<>(current.getClusterNodes().keySet());
        if (nodes.isEmpty()) {
            throw new JedisConnectionException("the Cluster names no node");
        }
        Collections.shuffle(nodes);
        return RedisClients.dedicated(HostAndPort.from(nodes.get(0)), url.user(), url.password(), 0, settings);
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
