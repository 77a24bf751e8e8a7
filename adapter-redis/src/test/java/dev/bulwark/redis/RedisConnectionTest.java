package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.failsafe.CircuitBreaker;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** Connecting with what the URL says, and where the adapter puts its keys: against real Redis servers. */
class RedisConnectionTest {

    private EmbeddedRedis server;
    private RedisConnection connection;

    @AfterEach
    void stop() {
        if (connection != null) {
            connection.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private RedisCacheStore cache(String url) {
        connection = connect(url, RedisSettings.DEFAULT_KEY_PREFIX);
        return new RedisCacheStore(connection);
    }

    /** A connection whose operations wait as long as a busy build machine needs: these tests check keys, not speed. */
    private static RedisConnection connect(String url, String keyPrefix) {
        return RedisConnection.builder(RedisSettings.builder()
                        .url(url)
                        .keyPrefix(keyPrefix)
                        .operationTimeout(Duration.ofSeconds(30))
                        .build())
                .build();
    }

    @Test
    void authenticatesWithUserAndPasswordFromTheUrl() {
        server = EmbeddedRedis.start("--user", "app", "on", ">wonder land", "~*", "&*", "+@all");
        RedisCacheStore store = cache("redis://app:wonder%20land@127.0.0.1:" + server.port());

        store.put("k", "v", Duration.ofMinutes(1));

        assertThat(store.get("k")).contains("v");
    }

    @Test
    void authenticatesWithPasswordOnlyFromTheUrl() {
        server = EmbeddedRedis.start("--requirepass", "hunter2");
        RedisCacheStore store = cache("redis://:hunter2@127.0.0.1:" + server.port());

        store.put("k", "v", Duration.ofMinutes(1));

        assertThat(store.get("k")).contains("v");
    }

    @Test
    void wrongPasswordIsReportedWithoutRevealingIt() {
        server = EmbeddedRedis.start("--requirepass", "hunter2");
        RedisCacheStore store = cache("redis://:not-hunter2@127.0.0.1:" + server.port());

        assertThatThrownBy(() -> store.get("k"))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("authentication")
                .hasMessageNotContaining("hunter2")
                .hasNoCause();
    }

    @Test
    void usesTheDatabaseOfTheUrl() {
        server = EmbeddedRedis.start();
        cache(server.url() + "/3").put("k", "v", Duration.ofMinutes(1));

        try (RedisClient raw = RedisClient.create(server.url() + "/3")) {
            assertThat(raw.get("bulwark:cache:k")).isEqualTo("v");
        }
        try (RedisClient raw = RedisClient.create(server.url() + "/0")) {
            assertThat(raw.get("bulwark:cache:k")).isNull();
        }
    }

    @Test
    void keysCarryTheConfiguredPrefix() {
        server = EmbeddedRedis.start();
        connection = connect(server.url(), "team-a:");
        new RedisCacheStore(connection).put("k", "v", Duration.ofMinutes(1));

        try (RedisClient raw = RedisClient.create(server.url())) {
            assertThat(raw.get("team-a:cache:k")).isEqualTo("v");
        }
    }

    @Test
    void deploymentsWithDifferentPrefixesDoNotShareEntries() {
        server = EmbeddedRedis.start();
        connection = connect(server.url(), "team-a:");
        new RedisCacheStore(connection).put("k", "from a", Duration.ofMinutes(1));

        try (RedisConnection other = connect(server.url(), "team-b:")) {
            assertThat(new RedisCacheStore(other).get("k")).isEmpty();
        }
    }

    @Test
    void storesValuesWithTheirTtl() {
        server = EmbeddedRedis.start();
        RedisCacheStore store = cache(server.url());

        try (RedisClient raw = RedisClient.create(server.url())) {
            long before = RedisClock.nowMillis(raw);
            store.put("k", "v", Duration.ofSeconds(30));
            long after = RedisClock.nowMillis(raw);

            // 30 s from when Redis took the SET, on its own clock, to the millisecond
            assertThat(RedisClock.expiresAtMillis(raw, "bulwark:cache:k") - 30_000L)
                    .isBetween(before - 1, after + 1);
        }
    }

    @Test
    void acceptsSubMillisecondTtlAsOneMillisecond() throws InterruptedException {
        server = EmbeddedRedis.start();
        RedisCacheStore store = cache(server.url());

        store.put("k", "v", Duration.ofNanos(10));
        Thread.sleep(5);

        assertThat(store.get("k")).isEmpty();
    }

    @Test
    void buildingNeverConnectsToRedis() {
        try (DeadPort nobodyListens = new DeadPort()) {
            connection = RedisConnection.builder(RedisSettings.builder()
                            .url("redis://127.0.0.1:" + nobodyListens.port())
                            .connectTimeout(Duration.ofSeconds(5))
                            .build())
                    .build();

            assertThat(connection.activeConnections() + connection.idleConnections())
                    .isZero();
        }
    }

    @Test
    void aSentinelSetWhereNoSentinelAnswersStartsAndItsCallsFailAsAnUnreachableRedisDoes() {
        try (DeadPort first = new DeadPort();
                DeadPort second = new DeadPort()) {
            connection = RedisConnection.builder(RedisSettings.builder()
                            .url("redis-sentinel://:hunter2@127.0.0.1:" + first.port() + ",127.0.0.1:" + second.port()
                                    + "#mymaster")
                            .build())
                    .build();

            assertThatThrownBy(() -> new RedisCacheStore(connection).get("k"))
                    .isInstanceOf(DependencyUnavailableException.class)
                    .hasMessageContaining("connection failed or lost")
                    .hasMessageNotContaining("hunter2")
                    .hasMessageNotContaining(Integer.toString(first.port()));
        }
    }

    @Test
    void refusesAMalformedSentinelUrlAtBuildNamingWhatIsMissing() {
        RedisSettings settings = RedisSettings.builder()
                .url("redis-sentinel://:hunter2@s1:26379")
                .build();

        assertThatThrownBy(() -> RedisConnection.builder(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("#<primary name>")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void refusesASentinelSetOverTlsInOneLineNamingTheKey() {
        assertThatThrownBy(() -> RedisSettings.builder()
                        .url("rediss-sentinel://s1:26379#mymaster")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("redis.url ")
                .hasMessageContaining("redis-sentinel://")
                .hasMessageNotContaining("s1");
    }

    @Test
    void aCallRunsOnItsCallersThreadWhenAPooledConnectionIsIdle() {
        server = EmbeddedRedis.start();
        cache("redis://127.0.0.1:" + server.port());
        awaitIdleConnection();

        Thread ran = connection.execute(RedisOperation.CACHE_GET, client -> {
            client.get("k");
            return Thread.currentThread();
        });

        assertThat(ran).isSameAs(Thread.currentThread());
    }

    @Test
    void aCallThatMustOpenAConnectionRunsOnAWorker() {
        server = EmbeddedRedis.start();
        cache("redis://127.0.0.1:" + server.port());
        awaitIdleConnection();

        // The outer call's transaction holds the only idle connection, so the inner call has one to open.
        Thread inner = connection.execute(RedisOperation.CACHE_GET, outer -> {
            try (var holding = outer.multi()) {
                Thread ran = connection.execute(RedisOperation.CACHE_GET, client -> {
                    client.get("k");
                    return Thread.currentThread();
                });
                holding.discard();
                return ran;
            }
        });

        assertThat(inner).isNotSameAs(Thread.currentThread());
        assertThat(inner.getName()).startsWith("bulwark-redis-");
    }

    @Test
    void aCommandThatFailsBecauseItsCallerWasInterruptedDoesNotOpenTheBreaker() {
        server = EmbeddedRedis.start();
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url("redis://127.0.0.1:" + server.port())
                        .operationTimeout(Duration.ofSeconds(30))
                        .breakerFailureThreshold(1)
                        .build())
                .build();
        awaitIdleConnection();

        // What a cancelled call sees on a virtual thread: the interrupt closes the socket under the read.
        assertThatThrownBy(() -> connection.execute(RedisOperation.CACHE_GET, client -> {
                    Thread.currentThread().interrupt();
                    throw new JedisConnectionException("socket closed");
                }))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("interrupted");

        assertThat(Thread.interrupted()).as("the caller's interrupt is kept").isTrue();
        assertThat(connection.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    /** Waits for the warm-up {@code PING}'s connection to be back in the pool, idle. */
    private void awaitIdleConnection() {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> connection.idleConnections() > 0);
    }

    @Test
    void toStringNamesNoHostNorCredentials() {
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url("redis://app:hunter2@cache.internal:6380/1")
                        .build())
                .build();

        assertThat(connection.toString()).doesNotContain("hunter2", "cache.internal", "6380");
    }

    @Test
    void rejectsNonPositiveTimeouts() {
        RedisSettings.Builder settings = RedisSettings.builder().url("redis://127.0.0.1");

        assertThatThrownBy(() -> settings.operationTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis.operation-timeout");
    }

    @Test
    void refusesSettingsWithoutAUrl() {
        assertThatThrownBy(() -> RedisConnection.builder(RedisSettings.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("redis.url is not set");
    }

    @Test
    void aServerThatSaysItIsAReplicaNowHasThePooledConnectionsDropped() throws InterruptedException {
        server = EmbeddedRedis.start();
        try (EmbeddedRedis newPrimary = EmbeddedRedis.start();
                Jedis admin = new Jedis("127.0.0.1", server.port())) {
            RedisCacheStore store = cache(server.url());
            store.put("k", "v", Duration.ofMinutes(1));
            // the background warm-up's PING may still hold its connection: one held while the pool is emptied is
            // not closed, and this test is about the idle ones
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (connection.activeConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Set<String> before = poolConnections(admin);
            assertThat(before).isNotEmpty();

            admin.replicaof("127.0.0.1", newPrimary.port()); // a failover demoted it: its clients stay connected
            assertThatThrownBy(() -> store.put("k", "w", Duration.ofMinutes(1)))
                    .isInstanceOf(DependencyUnavailableException.class)
                    .hasMessageContaining("read-only replica");

            assertThat(connection.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
            // the pool closes them at once; the server drops them from its list when it reads each close, which a
            // busy machine delays: wait for that, with a bound that only matters if they are never closed
            long closedBy = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (poolConnections(admin).stream().anyMatch(before::contains) && System.nanoTime() < closedBy) {
                Thread.sleep(10);
            }
            assertThat(poolConnections(admin))
                    .as("connections the refusal found on the replica")
                    .doesNotContainAnyElementsOf(before);
        }
    }

    @Test
    void aConnectionRefusedAsAReplicaIsClosedWhenThePoolWasEmptiedJustBefore() {
        server = EmbeddedRedis.start();
        try (EmbeddedRedis newPrimary = EmbeddedRedis.start();
                Jedis admin = new Jedis("127.0.0.1", server.port())) {
            // a clock that stands still: the pool is emptied at the first refusal only, as for every refusal within
            // a second of it
            connection = RedisConnection.builder(RedisSettings.builder()
                            .url(server.url())
                            .operationTimeout(Duration.ofSeconds(30))
                            .build())
                    .ticker(() -> 0L)
                    .build();
            RedisCacheStore store = new RedisCacheStore(connection);
            store.put("k", "v", Duration.ofMinutes(1));
            awaitIdleConnection(); // the warm-up PING's connection is back too, so the first refusal empties it
            admin.replicaof("127.0.0.1", newPrimary.port());

            assertThatThrownBy(() -> store.put("k", "w", Duration.ofMinutes(1)))
                    .hasMessageContaining("read-only replica");
            assertThatThrownBy(() -> store.put("k", "w", Duration.ofMinutes(1)))
                    .as("a second refusal, on a connection opened after the pool was emptied")
                    .hasMessageContaining("read-only replica");

            assertThat(connection.idleConnections())
                    .as("pooled connections kept after the refusals")
                    .isZero();
            assertThat(connection.activeConnections()).isZero();
        }
    }

    /** The ids of the connections to the server other than {@code admin}'s. */
    private static Set<String> poolConnections(Jedis admin) {
        String own = Long.toString(admin.clientId());
        Set<String> ids = new HashSet<>();
        for (String line : admin.clientList().split("\n")) {
            Matcher id = Pattern.compile("(?:^| )id=(\\d+)").matcher(line);
            if (id.find() && !id.group(1).equals(own) && !line.contains("flags=M")) {
                ids.add(id.group(1));
            }
        }
        return ids;
    }
}
