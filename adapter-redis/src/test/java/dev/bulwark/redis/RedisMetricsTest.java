package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.ratelimit.RateLimit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter's meters, read from a registry they are bound to. */
class RedisMetricsTest {

    private EmbeddedRedis server;
    private RedisConnection connection;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void start() {
        server = EmbeddedRedis.start();
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url(server.url())
                        .operationTimeout(Duration.ofSeconds(30))
                        .breakerFailureThreshold(1)
                        .build())
                .build();
        registry = new SimpleMeterRegistry();
        new RedisMetrics(connection).bindTo(registry);
    }

    @AfterEach
    void stop() {
        connection.close();
        server.close();
    }

    private double counter(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).functionCounter().count();
    }

    private double gauge(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).gauge().value();
    }

    @Test
    void countsCommandsPerOperation() {
        RedisCacheStore cache = new RedisCacheStore(connection);
        cache.put("k", "v", Duration.ofMinutes(1));
        cache.get("k");
        cache.get("other");

        assertThat(counter("bulwark.redis.commands", "operation", "cache_get")).isEqualTo(2);
        assertThat(counter("bulwark.redis.commands", "operation", "cache_put")).isEqualTo(1);
    }

    @Test
    void countsCommandErrorsPerOperation() {
        server.stop();
        RedisCacheStore cache = new RedisCacheStore(connection);
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(DependencyUnavailableException.class);
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(DependencyUnavailableException.class);

        assertThat(counter("bulwark.redis.command.errors", "operation", "cache_get"))
                .isEqualTo(2);
        assertThat(counter("bulwark.redis.command.errors", "operation", "cache_put"))
                .isZero();
    }

    @Test
    void showsTheBreakerState() {
        assertThat(gauge("bulwark.redis.circuit.breaker.state", "state", "closed"))
                .isEqualTo(1);
        server.stop();
        assertThatThrownBy(() -> new RedisCacheStore(connection).get("k"))
                .isInstanceOf(DependencyUnavailableException.class);

        assertThat(gauge("bulwark.redis.circuit.breaker.state", "state", "open"))
                .isEqualTo(1);
        assertThat(gauge("bulwark.redis.circuit.breaker.state", "state", "closed"))
                .isZero();
        assertThat(gauge("bulwark.redis.circuit.breaker.state", "state", "half_open"))
                .isZero();
    }

    @Test
    void showsPooledConnections() throws InterruptedException {
        new RedisCacheStore(connection).get("k");
        // The connection's warm-up PING runs on a worker in the background, on a connection of its own: on a busy
        // machine it can still hold it when the get above has returned (CI failed so). A connection that stays
        // active fails below after the wait.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (gauge("bulwark.redis.pool.connections", "state", "active") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertThat(gauge("bulwark.redis.pool.connections", "state", "idle")).isPositive();
        assertThat(gauge("bulwark.redis.pool.connections", "state", "active")).isZero();
    }

    @Test
    void countsRateLimitDecisions() {
        RedisRateLimitStore limits = new RedisRateLimitStore(connection);
        RateLimit limit = RateLimit.perMinute(2);
        for (int i = 0; i < 3; i++) {
            limits.tryAcquire("alice", limit);
        }

        assertThat(counter("bulwark.redis.rate.limit.decisions", "result", "allowed"))
                .isEqualTo(2);
        assertThat(counter("bulwark.redis.rate.limit.decisions", "result", "rejected"))
                .isEqualTo(1);
    }
}
