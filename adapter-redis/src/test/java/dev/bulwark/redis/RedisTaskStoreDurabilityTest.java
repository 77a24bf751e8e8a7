package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.tasks.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A durable change of a task ({@code replaceDurably}, the mark of a run's start) waits for a replica on a Sentinel set
 * and on a Cluster ({@code WAIT 1}), and is refused when the connected replica does not acknowledge it in time; one
 * server sends no {@code WAIT}.
 */
class RedisTaskStoreDurabilityTest {

    private final Instant now = Instant.now();
    private RedisConnection connection;

    @AfterEach
    void close() {
        if (connection != null) {
            connection.close();
        }
    }

    private RedisTaskStore store(String url) {
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url(url)
                        .keyPrefix("durable-" + UUID.randomUUID() + ":")
                        .operationTimeout(Duration.ofSeconds(1))
                        .build())
                .build();
        return new RedisTaskStore(connection);
    }

    private TaskRecord created(RedisTaskStore store) {
        TaskRecord task = TaskRecord.working(
                UUID.randomUUID().toString(),
                "owner-" + UUID.randomUUID(),
                "write_once",
                now,
                now.plus(Duration.ofHours(1)),
                now.plus(Duration.ofHours(1)),
                "{\"name\":\"write_once\"}",
                null);
        // the first write may meet the Sentinels' or the Cluster's first answer: retried until it is stored
        await().atMost(Duration.ofSeconds(30))
                .ignoreException(DependencyUnavailableException.class)
                .until(() -> {
                    store.create(task, 100, 100, now);
                    return true;
                });
        return task;
    }

    /** How many {@code WAIT} commands the server on {@code port} has run since it started. */
    private static long waits(int port) {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            return jedis.info("commandstats")
                    .lines()
                    .filter(line -> line.startsWith("cmdstat_wait:"))
                    .map(line -> line.substring(line.indexOf("calls=") + 6, line.indexOf(',')))
                    .mapToLong(Long::parseLong)
                    .findFirst()
                    .orElse(0);
        }
    }

    private String taskKey(String taskId) {
        return connection.key("task", RedisTaskStore.CLUSTER_TAG, taskId);
    }

    @Test
    void onASentinelSetTheChangeIsOnTheReplicaOnceItIsAcknowledged() {
        EmbeddedSentinelSet set = RedisTopology.sentinelSet();
        RedisTaskStore store = store(set.url());
        TaskRecord task = created(store);
        int primary = set.primaryPort();
        long before = waits(primary);

        TaskRecord started = task.started(now.plusSeconds(1), "runner-a");
        assertThat(store.replaceDurably(task, started)).isTrue();

        assertThat(waits(primary)).as("WAIT sent to the primary").isGreaterThan(before);
        try (Jedis replica = new Jedis("127.0.0.1", set.replica().port())) {
            assertThat(replica.hget(taskKey(task.taskId()), "startedBy"))
                    .as("the replica holds the mark when the change returns")
                    .isEqualTo("runner-a");
        }
    }

    @Test
    void onASentinelSetAChangeTheConnectedReplicaDoesNotAcknowledgeInTimeIsRefused() {
        EmbeddedSentinelSet set = RedisTopology.sentinelSet();
        RedisTaskStore store = store(set.url());
        TaskRecord task = created(store);
        EmbeddedRedis replica = set.replica();

        replica.freeze();
        try {
            assertThatThrownBy(() -> store.replaceDurably(task, task.started(now.plusSeconds(1), "runner-a")))
                    .isInstanceOf(DependencyUnavailableException.class)
                    .hasMessageContaining("no Redis replica acknowledged");
        } finally {
            replica.thaw();
        }
        assertThat(connection.breakerState())
                .as("Redis answered: no failure toward the breaker")
                .isEqualTo(dev.failsafe.CircuitBreaker.State.CLOSED);
        TaskRecord stored = store.find(task.taskId(), now).orElseThrow();
        await("the thawed replica acknowledges again")
                .atMost(Duration.ofSeconds(30))
                .ignoreException(DependencyUnavailableException.class)
                .until(() -> store.replaceDurably(stored, stored.renewed(now.plusSeconds(2), now.plusSeconds(60))));
    }

    @Test
    void aPrimaryWithNoReplicaConnectedTakesTheChangeAndIsNotWaitedForAgainUntilOneIs() throws Exception {
        EmbeddedSentinelSet set = RedisTopology.sentinelSet();
        RedisTaskStore store = store(set.url());
        TaskRecord task = created(store);
        int primary = set.primaryPort();
        EmbeddedRedis replica = set.replica();

        replica.stop();
        try {
            TaskRecord first = task.started(now.plusSeconds(1), "runner-a");
            assertThat(store.replaceDurably(task, first))
                    .as("no replica that could lack it")
                    .isTrue();
            long before = waits(primary);
            TaskRecord second = first.renewed(now.plusSeconds(2), now.plusSeconds(60));

            assertThat(store.replaceDurably(first, second)).isTrue();
            assertThat(waits(primary))
                    .as("no WAIT while no replica is connected")
                    .isEqualTo(before);
        } finally {
            replica.restart();
        }
        await("the restarted replica is connected and acknowledges")
                .atMost(Duration.ofSeconds(30))
                .ignoreException(DependencyUnavailableException.class)
                .until(() -> {
                    TaskRecord stored = store.find(task.taskId(), now).orElseThrow();
                    long before = waits(primary);
                    return store.replaceDurably(stored, stored.renewed(now.plusSeconds(3), now.plusSeconds(60)))
                            && waits(primary) > before;
                });
    }

    @Test
    void onAClusterTheWaitGoesToThePrimaryOfTheStoresSlot() {
        EmbeddedRedisCluster cluster = RedisTopology.cluster();
        RedisTaskStore store = store(cluster.url());
        TaskRecord task = created(store);
        int primary = cluster.primaryOf(JedisClusterCRC16.getSlot(taskKey(task.taskId())))
                .port();
        long before = waits(primary);

        TaskRecord started = task.started(now.plusSeconds(1), "runner-a");
        assertThat(store.replaceDurably(task, started)).isTrue();

        assertThat(waits(primary)).as("WAIT sent to the slot's primary").isGreaterThan(before);
        assertThat(store.find(task.taskId(), now)).contains(started);
    }

    @Test
    void oneServerSendsNoWait() {
        EmbeddedRedis server = RedisTopology.oneServer();
        RedisTaskStore store = store(server.url());
        TaskRecord task = created(store);
        long before = waits(server.port());

        TaskRecord started = task.started(now.plusSeconds(1), "runner-a");
        assertThat(store.replaceDurably(task, started)).isTrue();

        assertThat(waits(server.port())).isEqualTo(before);
        assertThat(store.find(task.taskId(), now)).contains(started);
    }
}
