package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ports.DependencyUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Redis Cluster whose primaries fail, read and written through one connection: a key's primary replaced by its
 * replica, and a shard left without any primary while the others serve. The Cluster here counts a node as failed after
 * a second without an answer ({@link EmbeddedRedisCluster}).
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

    /** Starts the Cluster, its nodes with {@code nodeArguments} beyond the recommended settings, and a connection. */
    private void start(String... nodeArguments) {
        cluster = EmbeddedRedisCluster.startWith(nodeArguments);
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
        if (connection != null) {
            connection.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * A killed primary's replica takes its slots over a few seconds later, and the same connection, having failed fast
     * meanwhile, reads and writes the key on it by itself.
     */
    @Test
    void aKilledPrimaryIsReplacedByItsReplicaAndTheConnectionFollowsByItself() {
        start();
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
        try (Jedis promoted =
                new Jedis("127.0.0.1", cluster.primaryOf(afterSlot).port())) {
            assertThat(promoted.get(connection.key("cache", "after"))).isEqualTo("written");
            assertThat(promoted.role().get(0)).isEqualTo("master");
        }
    }

    /**
     * With {@code cluster-require-full-coverage yes}, Redis's default, every node answers {@code CLUSTERDOWN} while one
     * shard has no primary; with {@code no} the other shards keep serving. The shard's primary and its replica are
     * both killed, so that no failover ends the window while the test looks at it.
     */
    @Test
    void whileAShardHasNoPrimaryTheOtherShardsKeepServingOnlyWithFullCoverageNotRequired() {
        start("--cluster-require-full-coverage", "yes");
        RedisCacheStore cache = new RedisCacheStore(connection);
        EVENTUALLY.untilAsserted(() -> cache.put("kept", "before", Duration.ofMinutes(5)));
        EmbeddedRedis serving = cluster.primaryOf(JedisClusterCRC16.getSlot(connection.key("cache", "kept")));
        EmbeddedRedis lost = cluster.nodes().subList(0, 3).stream()
                .filter(primary -> primary != serving)
                .findFirst()
                .orElseThrow();
        List<EmbeddedRedis> lostReplicas = cluster.replicasOf(lost);
        assertThat(lostReplicas).as("the lost shard's replica").hasSize(1);

        lostReplicas.forEach(EmbeddedRedis::stop);
        lost.stop();
        EVENTUALLY.until(() -> flaggedFailed(serving, lost));

        EVENTUALLY.until(() -> clusterState(serving).equals("fail"));
        assertThatThrownBy(() -> cache.get("kept"))
                .as("full coverage required: the serving shard refuses too")
                .isInstanceOf(DependencyUnavailableException.class);
        try (Jedis node = new Jedis("127.0.0.1", serving.port())) {
            assertThatThrownBy(() -> node.get(connection.key("cache", "kept"))).hasMessageStartingWith("CLUSTERDOWN");
        }

        cluster.nodes().stream().filter(EmbeddedRedis::isRunning).forEach(node -> {
            try (Jedis jedis = new Jedis("127.0.0.1", node.port())) {
                jedis.configSet("cluster-require-full-coverage", "no");
            }
        });

        EVENTUALLY.until(() -> clusterState(serving).equals("ok"));
        EVENTUALLY.untilAsserted(() -> assertThat(cache.get("kept"))
                .as("read on its shard while another has no primary")
                .isEqualTo(Optional.of("before")));
        cache.put("kept", "during", Duration.ofMinutes(5));
        assertThat(cache.get("kept")).as("written on its shard").isEqualTo(Optional.of("during"));
        assertThat(lost.isRunning()).as("the other shard still has no primary").isFalse();
        assertThat(flaggedFailed(serving, lost)).isTrue();
    }

    /** {@code cluster_state} as {@code node} reports it: {@code ok} or {@code fail}. */
    private static String clusterState(EmbeddedRedis node) {
        try (Jedis jedis = new Jedis("127.0.0.1", node.port())) {
            return jedis.clusterInfo()
                    .lines()
                    .filter(line -> line.startsWith("cluster_state:"))
                    .map(line -> line.substring("cluster_state:".length()).trim())
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** Whether {@code observer} flags {@code node} {@code fail}: agreed by the primaries, not only suspected. */
    private static boolean flaggedFailed(EmbeddedRedis observer, EmbeddedRedis node) {
        try (Jedis jedis = new Jedis("127.0.0.1", observer.port())) {
            return jedis.clusterNodes()
                    .lines()
                    .filter(line -> line.contains(":" + node.port() + "@"))
                    .map(line -> List.of(line.split(" ")[2].split(",")))
                    .anyMatch(flags -> flags.contains("fail"));
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
