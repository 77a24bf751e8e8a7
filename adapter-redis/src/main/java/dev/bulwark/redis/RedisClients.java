package dev.bulwark.redis;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.executors.CommandExecutor;

/**
 * Builds the pooled Jedis client of a {@link RedisConnection}, and its connections of their own, opening none.
 */
final class RedisClients {

    /** Tries of one command on a Cluster: the first, and one after a redirection or a failover. */
    private static final int CLUSTER_ATTEMPTS = 2;

    /** How often a Cluster client reads the layout again, besides after each redirection. */
    private static final Duration CLUSTER_REFRESH = Duration.ofSeconds(5);

    private RedisClients() {}

    /**
     * A client for the server at {@code url}, as {@code settings} say; it connects when first used. Its commands
     * run through {@link ReplicaRefusalExecutor}, as a Sentinel set's do.
     */
    static RedisClient pooled(RedisUrl url, RedisSettings settings) {
        return new RedisClient.Builder() {
            @Override
            protected CommandExecutor createDefaultCommandExecutor() {
                return new ReplicaRefusalExecutor(connectionProvider);
            }
        }.hostAndPort(new HostAndPort(url.host(), url.port()))
                .clientConfig(clientConfig(url, settings, millis(settings.operationTimeout())))
                .poolConfig(poolConfig(settings))
                .build();
    }

    /**
     * A client for the primary the Sentinels of {@code url} name, following their failovers. It asks the Sentinels
     * at once, each bounded by the connect and operation timeouts; the Sentinels are reached without credentials.
     *
     * @throws redis.clients.jedis.exceptions.JedisException when no Sentinel answers or none knows the primary
     */
    static RedisSentinelClient sentinel(RedisSentinelUrl url, RedisSettings settings) {
        return new RedisSentinelClient.Builder() {
            @Override
            protected CommandExecutor createDefaultCommandExecutor() {
                return new ReplicaRefusalExecutor(connectionProvider);
            }
        }.masterName(url.primary())
                .sentinels(new LinkedHashSet<>(url.sentinels()))
                .clientConfig(clientConfig(
                        false,
                        url.user(),
                        url.password(),
                        url.database(),
                        settings,
                        millis(settings.operationTimeout())))
                .sentinelClientConfig(DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(millis(settings.connectTimeout()))
                        .socketTimeoutMillis(millis(settings.operationTimeout()))
                        .protocol(RedisProtocol.RESP2)
                        .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                        .clientName("bulwark")
                        .build())
                .poolConfig(poolConfig(settings))
                .build();
    }

    /**
     * A client for the Redis Cluster some of whose nodes {@code url} names: it routes each command to the primary of
     * its key's slot, follows {@code MOVED} and {@code ASK}, and reads the Cluster's layout again now and then. It asks
     * the nodes for the layout at once, each bounded by the connect and operation timeouts.
     *
     * @throws redis.clients.jedis.exceptions.JedisException when no node answers
     */
    static RedisClusterClient cluster(RedisClusterUrl url, RedisSettings settings) {
        return RedisClusterClient.builder()
                .nodes(new LinkedHashSet<>(url.nodes()))
                .clientConfig(clientConfig(
                        false, url.user(), url.password(), 0, settings, millis(settings.operationTimeout())))
                .poolConfig(poolConfig(settings))
                // A MOVED or ASK is followed once; a failure is left to Bulwark's breaker, not retried here.
                .maxAttempts(CLUSTER_ATTEMPTS)
                .maxTotalRetriesDuration(settings.operationTimeout())
                .topologyRefreshPeriod(CLUSTER_REFRESH)
                .build();
    }

    /**
     * A connection of its own to the server at {@code url}, outside the pool, that waits on reads without end: a
     * pub/sub subscriber's, which may hear nothing for long. It connects when first used.
     */
    static Jedis dedicated(RedisUrl url, RedisSettings settings) {
        return new Jedis(new HostAndPort(url.host(), url.port()), clientConfig(url, settings, 0));
    }

    /** As {@link #dedicated(RedisUrl, RedisSettings)}, to the server at {@code node} (a Sentinel set's primary). */
    static Jedis dedicated(
            HostAndPort node, Optional<String> user, Optional<String> password, int database, RedisSettings settings) {
        return new Jedis(node, clientConfig(false, user, password, database, settings, 0));
    }

    private static DefaultJedisClientConfig clientConfig(RedisUrl url, RedisSettings options, int socketTimeoutMillis) {
        return clientConfig(url.tls(), url.user(), url.password(), url.database(), options, socketTimeoutMillis);
    }

    private static DefaultJedisClientConfig clientConfig(
            boolean tls,
            Optional<String> user,
            Optional<String> password,
            int database,
            RedisSettings options,
            int socketTimeoutMillis) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(options.connectTimeout()))
                .socketTimeoutMillis(socketTimeoutMillis)
                .database(database)
                // Fixed protocol: the client does not open a connection to negotiate one while it is built.
                .protocol(RedisProtocol.RESP2)
                // No CLIENT SETINFO round trip on every new connection (and none for servers older than 7.2).
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .clientName("bulwark");
        if (tls) {
            // Certificate and host name verified against the JVM's trust store (javax.net.ssl.trustStore).
            config.sslOptions(SslOptions.defaults());
        }
        user.ifPresent(config::user);
        password.ifPresent(config::password);
        return config.build();
    }

    private static ConnectionPoolConfig poolConfig(RedisSettings options) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(options.poolMaxTotal());
        pool.setMaxIdle(options.poolMaxTotal());
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        // commons-pool2 waits forever by default; never leave it so.
        pool.setMaxWait(options.poolMaxWait());
        pool.setTestOnBorrow(false);
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        pool.setJmxEnabled(false);
        return pool;
    }

    private static int millis(Duration duration) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
    }
}
