package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.tasks.TaskChangeFeed.Change;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A Sentinel set whose primary is killed: during the failover window calls fail fast with
 * {@link DependencyUnavailableException} (what the pipeline turns into cache misses and local rate limits), and once
 * the Sentinels promote the replica the same connection writes to it, by itself. The Sentinels here fail over a
 * second after the primary stops answering ({@link EmbeddedSentinelSet}).
 */
class RedisSentinelFailoverTest {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSentinelFailoverTest.class);

    /** Generous: the bound only matters when the failover never comes. */
    private static final ConditionFactory EVENTUALLY = await().atMost(Duration.ofSeconds(60))
            .pollInSameThread()
            .pollInterval(Duration.ofMillis(50))
            .ignoreException(DependencyUnavailableException.class);

    private EmbeddedSentinelSet sentinels;
    private RedisConnection connection;

    @BeforeEach
    void start() {
        sentinels = EmbeddedSentinelSet.start();
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url(sentinels.url())
                        .keyPrefix("failover-" + UUID.randomUUID() + ":")
                        .operationTimeout(Duration.ofSeconds(2))
                        .breakerOpenDuration(Duration.ofMillis(200))
                        .build())
                .build();
    }

    @AfterEach
    void stop() {
        connection.close();
        sentinels.close();
    }

    @Test
    void writesGoToThePrimaryTheSentinelsName() {
        RedisCacheStore cache = new RedisCacheStore(connection);

        EVENTUALLY.untilAsserted(() -> cache.put("k", "v", Duration.ofMinutes(5)));

        try (Jedis primary = new Jedis("127.0.0.1", sentinels.primaryPort())) {
            assertThat(primary.get(connection.key("cache", "k"))).isEqualTo("v");
            assertThat(primary.role().get(0)).isEqualTo("master");
        }
    }

    @Test
    void aKilledPrimaryMakesCallsFailFastThenTheConnectionFollowsTheFailoverByItself() {
        RedisCacheStore cache = new RedisCacheStore(connection);
        EVENTUALLY.untilAsserted(() -> cache.put("before", "kept", Duration.ofMinutes(5)));
        replicated();

        long killedAt = System.nanoTime();
        int killed = sentinels.killPrimary();

        assertThatThrownBy(() -> cache.get("before"))
                .as("the window: the primary is gone and no replica is promoted yet")
                .isInstanceOf(DependencyUnavailableException.class);
        EVENTUALLY.untilAsserted(() -> assertThat(sentinels.primaryPort())
                .as("the Sentinels promote the replica: %s", sentinels.primaryReport())
                .isNotEqualTo(killed));
        EVENTUALLY.untilAsserted(() -> cache.put("after", "written", Duration.ofMinutes(5)));
        // A figure for the operations guide, not asserted: the window depends on the Sentinels' settings and the
        // machine.
        LOG.info(
                "Failover window seen by the connection: {} ms from the kill to the first write on the new primary",
                Duration.ofNanos(System.nanoTime() - killedAt).toMillis());

        assertThat(cache.get("before")).as("replicated before the kill").isEqualTo(Optional.of("kept"));
        try (Jedis promoted = new Jedis("127.0.0.1", sentinels.primaryPort())) {
            assertThat(promoted.get(connection.key("cache", "after"))).isEqualTo("written");
            assertThat(promoted.role().get(0)).isEqualTo("master");
        }
    }

    @Test
    void aPrimaryDemotedByAManualFailoverGetsNoMoreWritesTheNewPrimaryGetsThem() {
        RedisCacheStore cache = new RedisCacheStore(connection);
        EVENTUALLY.untilAsserted(() -> cache.put("before", "kept", Duration.ofMinutes(5)));
        int demoted = sentinels.primaryPort();

        sentinels.failOver();
        EVENTUALLY.untilAsserted(() -> assertThat(sentinels.primaryPort()).isNotEqualTo(demoted));
        EVENTUALLY.untilAsserted(() -> {
            cache.put("after", "written", Duration.ofMinutes(5));
            try (Jedis promoted = new Jedis("127.0.0.1", sentinels.primaryPort())) {
                assertThat(promoted.get(connection.key("cache", "after"))).isEqualTo("written");
            }
        });

        // A fresh connection each time: the demoted server closes its clients' connections as it turns replica.
        EVENTUALLY.ignoreException(JedisConnectionException.class).untilAsserted(() -> {
            try (Jedis old = new Jedis("127.0.0.1", demoted)) {
                assertThat(old.role().get(0)).isEqualTo("slave");
                assertThat(old.clientList())
                        .as("the pool left the demoted primary")
                        .doesNotContain("name=bulwark ");
            }
        });
    }

    @Test
    void aRateLimitReplicatedBeforeTheFailoverStillCountsAfterIt() {
        RedisRateLimitStore limits = new RedisRateLimitStore(connection);
        RateLimit limit = RateLimit.perMinute(3);
        EVENTUALLY.untilAsserted(
                () -> assertThat(limits.tryAcquire("caller", limit).allowed()).isTrue());
        assertThat(limits.tryAcquire("caller", limit).allowed()).isTrue();
        replicated();

        int killed = sentinels.killPrimary();
        EVENTUALLY.untilAsserted(() -> assertThat(sentinels.primaryPort()).isNotEqualTo(killed));

        EVENTUALLY.untilAsserted(
                () -> assertThat(limits.tryAcquire("caller", limit).allowed())
                        .as("the third of three")
                        .isTrue());
        assertThat(limits.tryAcquire("caller", limit).allowed())
                .as("the fourth: the two accepted before the failover still count")
                .isFalse();
    }

    @Test
    void theFeedOfTaskChangesListensOnThePromotedPrimaryAfterAFailover() throws Exception {
        List<Change> heard = new CopyOnWriteArrayList<>();
        RedisTaskChangeFeed feed = new RedisTaskChangeFeed(connection);
        try (AutoCloseable listener = feed.listen(heard::add)) {
            EVENTUALLY.untilAsserted(() -> {
                feed.publish(new Change("instance-a", "alice", "before"));
                assertThat(heard).isNotEmpty();
            });

            int killed = sentinels.killPrimary();
            EVENTUALLY.untilAsserted(() -> assertThat(sentinels.primaryPort()).isNotEqualTo(killed));

            // Pub/sub keeps nothing: a change published while the listener resubscribes is missed, so publish again.
            EVENTUALLY.untilAsserted(() -> {
                feed.publish(new Change("instance-a", "alice", "after"));
                assertThat(heard).extracting(Change::taskId).contains("after");
            });
        }
    }

    /** Waits until the replica holds every write so far: {@code WAIT} after one more write on the primary. */
    private void replicated() {
        try (Jedis primary = new Jedis("127.0.0.1", sentinels.primaryPort())) {
            primary.set("replication-marker", UUID.randomUUID().toString());
            assertThat(primary.waitReplicas(1, 30_000)).isEqualTo(1);
        }
    }
}
