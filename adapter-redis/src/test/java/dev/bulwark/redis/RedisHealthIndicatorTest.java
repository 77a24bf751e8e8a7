package dev.bulwark.redis;

import static dev.bulwark.redis.RedisDegradationTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.Criticality;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis health from a real server: up with latency, down when gone or frozen, optional to the server. */
class RedisHealthIndicatorTest {

    private EmbeddedRedis server;
    private RedisConnection connection;
    private RedisHealthIndicator health;

    @BeforeEach
    void start() {
        server = EmbeddedRedis.start();
        connection = RedisConnection.builder(server.url())
                .operationTimeout(Duration.ofMillis(200))
                .breakerFailureThreshold(1)
                .breakerOpenDuration(Duration.ofMillis(300))
                .build();
        health = new RedisHealthIndicator(connection);
    }

    @AfterEach
    void stop() {
        if (server.isFrozen()) {
            server.thaw();
        }
        connection.close();
        server.close();
    }

    @Test
    void isNamedRedisAndOptional() {
        assertThat(health.name()).isEqualTo("redis");
        assertThat(health.criticality()).isEqualTo(Criticality.OPTIONAL);
    }

    @Test
    void isUpWithPingLatencyWhenRedisAnswers() {
        ComponentHealth result = health.check();

        assertThat(result.status()).isEqualTo(ComponentStatus.UP);
        assertThat(Double.parseDouble(result.details().get("latency_ms"))).isPositive();
        assertThat(result.details()).containsEntry("circuit_breaker", "closed");
    }

    @Test
    void isDownWhenRedisIsGone() {
        server.stop();

        ComponentHealth result = health.check();

        assertThat(result.status()).isEqualTo(ComponentStatus.DOWN);
        assertThat(result.details().get("reason")).contains("connection failed");
    }

    @Test
    void isDownWithinTheTimeoutWhenRedisIsFrozen() {
        server.freeze();

        long start = System.nanoTime();
        ComponentHealth result = health.check();

        assertThat(result.status()).isEqualTo(ComponentStatus.DOWN);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void isDegradedWhileTheBreakerIsStillOpenAfterRedisReturned() throws IOException {
        try (RedisConnection slowToRetry = RedisConnection.builder(server.url())
                .breakerFailureThreshold(1)
                .breakerOpenDuration(Duration.ofMinutes(1))
                .build()) {
            server.stop();
            RedisCacheStore cache = new RedisCacheStore(slowToRetry);
            assertThatThrownBy(() -> cache.get("k")).isInstanceOf(DependencyUnavailableException.class);
            server.restart();

            ComponentHealth result = new RedisHealthIndicator(slowToRetry).check();

            assertThat(result.status()).isEqualTo(ComponentStatus.DEGRADED);
            assertThat(result.details()).containsEntry("circuit_breaker", "open");
        }
    }

    @Test
    void returnsToUpByItselfOnceRedisIsBackWithoutAnyTraffic() throws IOException {
        server.stop();
        RedisCacheStore cache = new RedisCacheStore(connection);
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(DependencyUnavailableException.class);
        server.restart();

        assertThat(eventually(() -> health.check().status() == ComponentStatus.UP)).isTrue();
    }

    @Test
    void detailsNameNoHost() {
        assertThat(health.check().details().values()).noneMatch(value -> value.contains("127.0.0.1"));
    }
}
