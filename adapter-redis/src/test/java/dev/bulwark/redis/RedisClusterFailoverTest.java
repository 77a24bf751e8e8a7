package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ports.DependencyUnavailableException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Redis Cluster whose primary of a key's slot is killed: its replica takes the slots over a few seconds later, and
 * the same connection, having failed fast meanwhile, reads and writes the key on it by itself. The Cluster here counts
 * a node as failed after a second without an answer ({@link EmbeddedRedisCluster}).
 */
class RedisClusterFailoverTest {

    private static final Logger LOG = LoggerFactory.getLogger(RedisClusterFailoverTest.class);

    /** Generous: the bound only matters when the failover never comes. */
    private static final ConditionFactory EVENTUALLY = await().atMost(Duration.ofSeconds(60))
            .pollInSameThread()
            .pollInterval(Duration.ofMillis(50))
            .ignoreException(DependencyUnavailableException.class);

    private EmbeddedRedisCluster cluster;
    private RedisConnection connection;

    @BeforeEach
    void start() {
        cluster = EmbeddedRedisCluster.start();
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url(cluster.url())
                        .keyPrefix("failover-" + UUID.randomUUID() + ":")
                        .operationTimeout(Duration.ofSeconds(2))
                        .breakerOpenDuration(Duration.ofMillis(200))
                        .build())
                .build();
    }

    @AfterEach
    void stop() {
        connection.close();
        cluster.close();
    }

    @Test
    void aKilledPrimaryIsReplacedByItsReplicaAndTheConnectionFollowsByItself() {
        RedisCacheStore cache = new RedisCacheStore(connection);
        EVENTUALLY.untilAsserted(() -> cache.put("before", "kept", Duration.ofMinutes(5)));
        int slot = JedisClusterCRC16.getSlot(connection.key("cache", "before"));
        EmbeddedRedis primary = cluster.primaryOf(slot);
        EVENTUALLY.until(() -> replicated(primary, connection.key("cache", "before")));

        long killedAt = System.nanoTime();
        primary.stop();

        EVENTUALLY.untilAsserted(() -> assertThat(cluster.primaryOf(slot).port())
                .as("a replica takes the slot over")
                .isNotEqualTo(primary.port()));
        EVENTUALLY.untilAsserted(() -> assertThat(cache.get("before"))
                .as("replicated before the kill, read on the new primary")
                .isEqualTo(Optional.of("kept")));
        // A figure for the operations guide, not asserted: the window depends on the Cluster's node timeout.
        LOG.info(
                "Cluster failover window seen by the connection: {} ms from the kill to the first read on the new"
                        + " primary",
                Duration.ofNanos(System.nanoTime() - killedAt).toMillis());

        cache.put("after", "written", Duration.ofMinutes(5));
        int afterSlot = JedisClusterCRC16.getSlot(connection.key("cache", "after"));
        try (Jedis promoted = new Jedis("127.0.0.1", cluster.primaryOf(afterSlot).port())) {
            assertThat(promoted.get(connection.key("cache", "after"))).isEqualTo("written");
            assertThat(promoted.role().get(0)).isEqualTo("master");
        }
    }

    /** Whether a node other than {@code primary} holds {@code key}: its replica has received it. */
    private boolean replicated(EmbeddedRedis primary, String key) {
        for (EmbeddedRedis node : cluster.nodes()) {
            if (node == primary) {
                continue;
            }
            try (Jedis jedis = new Jedis("127.0.0.1", node.port())) {
                jedis.readonly();
                if ("kept".equals(jedis.get(key))) {
                    return true;
                }
            } catch (RuntimeException e) {
                // another shard's node answers MOVED
            }
        }
        return false;
    }
}
