package dev.bulwark.redis;

import static dev.bulwark.redis.RedisDegradationTest.succeeds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.failsafe.CircuitBreaker;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Redis health from a real server: up with latency, down when gone or frozen, degraded while it answers but refuses
 * the work, optional to the server.
 */
class RedisHealthIndicatorTest {

    /**
     * Waits for what another thread brings about, polling on the test's thread: looks at once, then every 10 ms, for at
     * most 60 s (generous: the bound only matters when it never comes).
     */
    private static final ConditionFactory EVENTUALLY = await().atMost(Duration.ofSeconds(60))
            .pollInSameThread()
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(10));

    private EmbeddedRedis server;
    private RedisConnection connection;
    private RedisHealthIndicator health;
    private RedisConnection toClose;

    @BeforeEach
    void start() {
        server = EmbeddedRedis.start();
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url(server.url())
                        // Generous: a call to a running Redis must not reach it; a frozen Redis reaches any.
                        .operationTimeout(Duration.ofSeconds(5))
                        .breakerFailureThreshold(1)
                        .breakerOpenDuration(Duration.ofMillis(300))
                        .build())
                .build();
        health = new RedisHealthIndicator(connection);
    }

    @AfterEach
    void stop() {
        if (server.isFrozen()) {
            server.thaw();
        }
        connection.close();
        if (toClose != null) {
            toClose.close();
        }
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
    void isDownWithinTheTimeoutWhenRedisIsFrozen() throws Exception {
        server.freeze(); // it never answers: only the operation timeout ends the check

        ComponentHealth result = CompletableFuture.supplyAsync(health::check).get(60, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(ComponentStatus.DOWN);
    }

    @Test
    void isDegradedWhileTheBreakerIsStillOpenAfterRedisReturned() throws IOException {
        try (RedisConnection slowToRetry = RedisConnection.builder(RedisSettings.builder()
                        .url(server.url())
                        .breakerFailureThreshold(1)
                        .breakerOpenDuration(Duration.ofMinutes(1))
                        .build())
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

        EVENTUALLY.until(() -> health.check().status() == ComponentStatus.UP);
    }

    @Test
    void detailsNameNoHost() {
        assertThat(health.check().details().values()).noneMatch(value -> value.contains("127.0.0.1"));
    }

    @Test
    void isDegradedNamingTheReasonWhileAFullRedisRefusesWritesAndUpOnceItTakesThemAgain() {
        RedisConnection tolerant = tolerant(server.url());
        RedisCacheStore cache = new RedisCacheStore(tolerant);
        RedisRateLimitStore limits = new RedisRateLimitStore(tolerant);
        RedisHealthIndicator refusedHealth = new RedisHealthIndicator(tolerant);
        cache.put("before", "v", Duration.ofMinutes(1));
        admin(redis -> redis.configSet("maxmemory-policy", "noeviction"));
        admin(redis -> redis.configSet("maxmemory", "1")); // anything stored is more than one byte: full

        assertThatThrownBy(() -> cache.put("k", "v", Duration.ofMinutes(1)))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("out of memory");
        assertThatThrownBy(() -> limits.tryAcquire("alice", RateLimit.perMinute(5)))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("out of memory");
        ComponentHealth full = refusedHealth.check();

        assertThat(full.status()).isEqualTo(ComponentStatus.DEGRADED);
        assertThat(full.details())
                .containsEntry(
                        "reason",
                        "Redis refuses writes: out of memory (maxmemory reached with the noeviction" + " policy)")
                .containsEntry("refused_operations", "cache_put, rate_limit")
                .containsKey("latency_ms");
        EVENTUALLY.alias("reads still work").until(() -> succeeds(() -> cache.get("before")));
        assertThat(refusedHealth.check().status())
                .as("a read does not clear a refused write")
                .isEqualTo(ComponentStatus.DEGRADED);

        admin(redis -> redis.configSet("maxmemory", "0"));

        EVENTUALLY.until(() -> succeeds(() -> cache.put("k", "v", Duration.ofMinutes(1))));
        EVENTUALLY.until(() -> succeeds(() -> limits.tryAcquire("alice", RateLimit.perMinute(5))));
        EVENTUALLY.until(() -> refusedHealth.check().status() == ComponentStatus.UP);
        assertThat(refusedHealth.check().details()).doesNotContainKeys("reason", "refused_operations");
    }

    @Test
    void refusedWritesDoNotOpenTheBreakerSoTheReadsAFullRedisServesGoOn() {
        RedisCacheStore cache = new RedisCacheStore(connection); // its breaker opens at the first failure
        cache.put("before", "v", Duration.ofMinutes(1));
        admin(redis -> redis.configSet("maxmemory-policy", "noeviction"));
        admin(redis -> redis.configSet("maxmemory", "1"));

        for (int i = 0; i < 3; i++) {
            String key = "k" + i;
            assertThatThrownBy(() -> cache.put(key, "v", Duration.ofMinutes(1)))
                    .isInstanceOf(DependencyUnavailableException.class)
                    .hasMessageContaining("out of memory");
        }

        assertThat(connection.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(cache.get("before")).contains("v");
    }

    @Test
    void isDegradedWhileTheAclUserMayNotRunACommandBulwarkUsesAndUpOnceItMay() {
        admin(redis -> redis.aclSetUser("noset", "on", ">noset-pw", "~*", "+@all", "-set"));
        RedisConnection limited = tolerant("redis://noset:noset-pw@127.0.0.1:" + server.port() + "/0");
        RedisCacheStore cache = new RedisCacheStore(limited);
        RedisHealthIndicator limitedHealth = new RedisHealthIndicator(limited);

        assertThatThrownBy(() -> cache.put("k", "v", Duration.ofMinutes(1)))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("command not permitted to the Redis user");
        ComponentHealth refused = limitedHealth.check();

        assertThat(refused.status()).isEqualTo(ComponentStatus.DEGRADED);
        assertThat(refused.details().get("reason")).contains("NOPERM").doesNotContain("noset");
        assertThat(refused.details()).containsEntry("refused_operations", "cache_put");

        admin(redis -> redis.aclSetUser("noset", "+set"));

        EVENTUALLY.until(() -> succeeds(() -> cache.put("k", "v", Duration.ofMinutes(1))));
        EVENTUALLY.until(() -> limitedHealth.check().status() == ComponentStatus.UP);
    }

    @Test
    void isDegradedWhileTheUrlNamesAReadOnlyReplica() {
        RedisConnection tolerant = tolerant(server.url());
        RedisCacheStore cache = new RedisCacheStore(tolerant);
        RedisHealthIndicator refusedHealth = new RedisHealthIndicator(tolerant);
        DeadPort noPrimary = new DeadPort();
        admin(redis -> redis.replicaof("127.0.0.1", noPrimary.port())); // a primary that is not there

        EVENTUALLY.until(() -> !succeeds(() -> cache.put("k", "v", Duration.ofMinutes(1)))
                && refusedHealth.check().status() == ComponentStatus.DEGRADED);
        assertThat(refusedHealth.check().details().get("reason")).contains("read-only replica");

        admin(Jedis::replicaofNoOne);
        noPrimary.close();

        EVENTUALLY.until(() -> succeeds(() -> cache.put("k", "v", Duration.ofMinutes(1))));
        EVENTUALLY.until(() -> refusedHealth.check().status() == ComponentStatus.UP);
    }

    /**
     * A connection whose breaker stays closed through a few failures, as with the default threshold, so each call
     * reaches Redis and is refused by it; closed after the test.
     */
    private RedisConnection tolerant(String url) {
        RedisConnection tolerant = RedisConnection.builder(RedisSettings.builder()
                        .url(url)
                        .operationTimeout(Duration.ofSeconds(5))
                        .breakerFailureThreshold(10)
                        .breakerOpenDuration(Duration.ofMillis(300))
                        .build())
                .build();
        toClose = tolerant;
        return tolerant;
    }

    /** Runs {@code command} on its own connection, as an operator would with {@code redis-cli}. */
    private void admin(Consumer<Jedis> command) {
        try (Jedis admin = new Jedis("127.0.0.1", server.port())) {
            command.accept(admin);
        }
    }
}
