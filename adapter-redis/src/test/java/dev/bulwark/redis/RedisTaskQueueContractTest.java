package dev.bulwark.redis;

import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.test.contract.TaskQueueContract;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The {@link TaskQueue} contract against a real Redis; each test's queue under a key prefix of its own. */
class RedisTaskQueueContractTest extends TaskQueueContract {

    private static EmbeddedRedis server;
    private RedisConnection connection;

    @BeforeAll
    static void startRedis() {
        server = EmbeddedRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @Override
    protected TaskQueue createQueue() {
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url(server.url())
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
