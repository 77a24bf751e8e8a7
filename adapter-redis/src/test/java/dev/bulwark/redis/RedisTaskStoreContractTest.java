package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStore;
import dev.bulwark.test.contract.TaskStoreContract;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link TaskStore} contract, against a real Redis on each {@link RedisTopology}: the same records, versions and
 * bounds as the in-memory store. The keys' expiry is real time, but every task here lives an hour and a test takes
 * far less.
 */
@ParameterizedClass
@EnumSource(RedisTopology.class)
class RedisTaskStoreContractTest extends TaskStoreContract {

    @Parameter
    RedisTopology topology;

    private RedisConnection connection;

    @Override
    protected TaskStore createStore() {
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url(topology.url())
                        .keyPrefix("tasks-" + UUID.randomUUID() + ":")
                        .operationTimeout(Duration.ofSeconds(2))
                        .build())
                .build();
        return new RedisTaskStore(connection);
    }

    @AfterEach
    void closeConnection() {
        connection.close();
    }

    @Test
    void readsARecordStoredBeforeRecordsNamedTheirToolWithAnEmptyTool() {
        TaskStore store = new RedisTaskStore(connection);
        Instant now = Instant.now();
        TaskRecord task = TaskRecord.working(
                UUID.randomUUID().toString(),
                "owner-" + UUID.randomUUID(),
                "slow",
                now,
                now.plus(Duration.ofHours(1)),
                now.plusSeconds(30),
                "{\"name\":\"slow\"}",
                null);
        store.create(task, 100, 100, now);
        connection.execute(
                RedisOperation.TASK_WRITE,
                client -> client.hdel(connection.key("task", RedisTaskStore.CLUSTER_TAG, task.taskId()), "tool"));

        assertThat(store.find(task.taskId(), now)).hasValueSatisfying(found -> {
            assertThat(found.tool()).isEmpty();
            assertThat(found.request()).isEqualTo(task.request());
        });
    }
}
