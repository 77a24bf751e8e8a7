package dev.bulwark.redis;

import java.time.Duration;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.SslOptions;

/**
 * Builds the pooled Jedis client of a {@link RedisConnection}, and its connections of their own, opening none.
 */
final class RedisClients {

    private RedisClients() {}

    /** A client for the server at {@code url}, as {@code settings} say; it connects when first used. */
    static RedisClient pooled(RedisUrl url, RedisSettings settings) {
        return RedisClient.builder()
                .hostAndPort(new HostAndPort(url.host(), url.port()))
                .clientConfig(clientConfig(url, settings, millis(settings.operationTimeout())))
                .poolConfig(poolConfig(settings))
                .build();
    }

    /**
     * A connection of its own to the server at {@code url}, outside the pool, that waits on reads without end: a
     * pub/sub subscriber's, which may hear nothing for long. It connects when first used.
     */
    static Jedis dedicated(RedisUrl url, RedisSettings settings) {
        return new Jedis(new HostAndPort(url.host(), url.port()), clientConfig(url, settings, 0));
    }

    private static DefaultJedisClientConfig clientConfig(RedisUrl url, RedisSettings options, int socketTimeoutMillis) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(options.connectTimeout()))
                .socketTimeoutMillis(socketTimeoutMillis)
                .database(url.database())
                // Fixed protocol: the client does not open a connection to negotiate one while it is built.
                .protocol(RedisProtocol.RESP2)
                // No CLIENT SETINFO round trip on every new connection (and none for servers older than 7.2).
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .clientName("bulwark");
        if (url.tls()) {
            // Certificate and host name verified against the JVM's trust store (javax.net.ssl.trustStore).
            config.sslOptions(SslOptions.defaults());
        }
        url.user().ifPresent(config::user);
        url.password().ifPresent(config::password);
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
