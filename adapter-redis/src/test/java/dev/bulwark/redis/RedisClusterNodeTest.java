package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ports.DependencyUnavailableException;
import java.time.Duration;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A {@code redis://} URL that names one node of a Redis Cluster: a call whose key lives on another node is refused in
 * words that say to name the Cluster with {@code redis-cluster://}, never with the node's address. The Cluster here is
 * two primaries holding half the slots each.
 */
class RedisClusterNodeTest {

    private static final int HALF = 8192;

    private EmbeddedRedis first;
    private EmbeddedRedis second;
    private RedisConnection connection;

    @BeforeEach
    void startCluster() {
        first = EmbeddedRedis.start("--cluster-enabled", "yes");
        second = EmbeddedRedis.start("--cluster-enabled", "yes");
        try (Jedis a = new Jedis("127.0.0.1", first.port());
                Jedis b = new Jedis("127.0.0.1", second.port())) {
            a.clusterAddSlots(IntStream.range(0, HALF).toArray());
            b.clusterAddSlots(IntStream.range(HALF, 16384).toArray());
            a.clusterMeet("127.0.0.1", second.port());
        }
        await("both nodes see the whole Cluster served")
                .atMost(Duration.ofSeconds(60))
                .until(() -> {
                    for (EmbeddedRedis node : new EmbeddedRedis[] {first, second}) {
                        try (Jedis jedis = new Jedis("127.0.0.1", node.port())) {
                            if (!jedis.clusterInfo().contains("cluster_state:ok")) {
                                return false;
                            }
                        }
                    }
                    return true;
                });
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url(first.url())
                        .operationTimeout(Duration.ofSeconds(5))
                        .build())
                .build();
    }

    @AfterEach
    void stop() {
        connection.close();
        first.close();
        second.close();
    }

    @Test
    void aKeyOnAnotherNodeIsRefusedSayingToNameTheCluster() {
        String elsewhere = keyWithSlot(slot -> slot >= HALF);
        RedisCacheStore cache = new RedisCacheStore(connection);

        assertThatThrownBy(() -> cache.get(elsewhere))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("node of a Redis Cluster")
                .hasMessageContaining("redis-cluster://")
                .hasMessageNotContaining(Integer.toString(second.port()));
        assertThat(connection.recentRefusals())
                .hasValueSatisfying(recent -> assertThat(recent.latest()).isEqualTo(RedisRefusal.CLUSTER));
    }

    /** A cache key whose Redis key (with the prefix) falls in a slot {@code wanted} accepts. */
    private String keyWithSlot(IntPredicate wanted) {
        for (int i = 0; ; i++) {
            String key = "k" + i;
            if (wanted.test(JedisClusterCRC16.getSlot(connection.key("cache", key)))) {
                return key;
            }
        }
    }
}
