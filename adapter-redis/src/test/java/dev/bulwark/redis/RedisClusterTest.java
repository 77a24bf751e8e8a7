package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ports.tasks.TaskChangeFeed.Change;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * What a Redis Cluster changes beyond the port contracts: where the keys lie, the cache read apart from the
 * rate-limit decision, and the feed of task changes heard across nodes.
 */
class RedisClusterTest {

    private RedisConnection publishing;
    private RedisConnection listening;

    @BeforeEach
    void connect() {
        // One prefix: the two connections are two instances of one deployment.
        String prefix = "cluster-" + UUID.randomUUID() + ":";
        publishing = connection(prefix);
        listening = connection(prefix);
    }

    private static RedisConnection connection(String prefix) {
        return RedisConnection.builder(RedisSettings.builder()
                        .url(RedisTopology.CLUSTER.url())
                        .keyPrefix(prefix)
                        .operationTimeout(Duration.ofSeconds(2))
                        .build())
                .build();
    }

    @AfterEach
    void close() {
        listening.close();
        publishing.close();
    }

    @Test
    void everyKeyOfTheTaskStoreAndOfTheQueueLiesInTheSlotOfItsTag() {
        String task = publishing.key("task", RedisTaskStore.CLUSTER_TAG, "t-1");
        String kept = publishing.key("tasks-kept", RedisTaskStore.CLUSTER_TAG, "alice");
        String owners = publishing.key("tasks", RedisTaskQueue.CLUSTER_TAG, "queue-owners");
        String stream = publishing.key("tasks-queue", RedisTaskQueue.CLUSTER_TAG, "") + "bob";

        assertThat(JedisClusterCRC16.getSlot(task))
                .isEqualTo(JedisClusterCRC16.getSlot(kept))
                .isEqualTo(JedisClusterCRC16.getSlot(RedisTaskStore.CLUSTER_TAG));
        assertThat(JedisClusterCRC16.getSlot(owners))
                .isEqualTo(JedisClusterCRC16.getSlot(stream))
                .isEqualTo(JedisClusterCRC16.getSlot(RedisTaskQueue.CLUSTER_TAG));
        assertThat(JedisClusterCRC16.getSlot(publishing.key("x", "", "a")))
                .isEqualTo(JedisClusterCRC16.getSlot(publishing.key("y", "", "b")));
        assertThat(JedisClusterCRC16.getSlot(publishing.key("x", "}{", "a")))
                .isEqualTo(JedisClusterCRC16.getSlot(publishing.key("y", "}{", "b")));
    }

    @Test
    void theCacheIsReadApartFromTheRateLimitDecisionAsTheirKeysLieInDifferentSlots() {
        RedisRateLimitStore limits = new RedisRateLimitStore(publishing);

        assertThat(limits.readsAlongWith(new RedisCacheStore(publishing))).isEmpty();
    }

    @Test
    void aChangePublishedThroughOneConnectionReachesTheListenerOfAnother() throws Exception {
        BlockingQueue<Change> heard = new LinkedBlockingQueue<>();
        RedisTaskChangeFeed feed = new RedisTaskChangeFeed(publishing);
        Change change = new Change("instance-a", "alice", "task-1");
        try (AutoCloseable listener = new RedisTaskChangeFeed(listening).listen(heard::add)) {
            // The listener subscribes in the background, on a node of its own: publish until it hears.
            await("the listener hears a change published on the Cluster")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        feed.publish(change);
                        return !heard.isEmpty();
                    });
        }
        assertThat(heard.peek()).isEqualTo(change);
    }
}
