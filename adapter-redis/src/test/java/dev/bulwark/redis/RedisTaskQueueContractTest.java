package dev.bulwark.redis;

import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.test.contract.TaskQueueContract;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link TaskQueue} contract against a real Redis on each {@link RedisTopology}; each test's queue under a key
 * prefix of its own.
 */
@ParameterizedClass
@EnumSource(RedisTopology.class)
class RedisTaskQueueContractTest extends TaskQueueContract {

    @Parameter
    RedisTopology topology;

    private RedisConnection connection;

    @Override
    protected TaskQueue createQueue() {
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url(topology.url())
                        .keyPrefix("queue-" + UUID.randomUUID() + ":")
                        .operationTimeout(Duration.ofSeconds(2))
                        .build())
                .build();
        return new RedisTaskQueue(connection);
    }

    @AfterEach
    void closeConnection() {
        connection.close();
    }
}
