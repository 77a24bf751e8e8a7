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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Redis Cluster with one shard left without a primary: with {@code cluster-require-full-coverage yes} every node
 * answers {@code CLUSTERDOWN}, with {@code no} the other shards keep serving Bulwark. The shard's primary and its
 * replica are both killed, so that no failover ends the window while the test looks at it.
 */
class RedisClusterFullCoverageTest {

    /** Generous: the bound only matters when the Cluster never reaches the state awaited. */
    private static final ConditionFactory EVENTUALLY = await().atMost(Duration.ofSeconds(60))
            .pollInSameThread()
            .pollInterval(Duration.ofMillis(50))
            .ignoreException(DependencyUnavailableException.class);

    private EmbeddedRedisCluster cluster;
    private RedisConnection connection;

    @BeforeEach
    void start() {
        cluster = EmbeddedRedisCluster.start("--cluster-require-full-coverage", "yes"); // Redis's default
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url(cluster.url())
                        .keyPrefix("coverage-" + UUID.randomUUID() + ":")
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
    void whileAShardHasNoPrimaryTheOtherShardsKeepServingOnlyWithFullCoverageNotRequired() {
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
}
