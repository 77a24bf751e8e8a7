package dev.bulwark.redis;

import dev.bulwark.ports.tasks.TaskStore;
import dev.bulwark.test.contract.TaskStoreContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link TaskStore} contract, against a real Redis: the same records, versions and bounds as the in-memory store.
 * The keys' expiry is real time, but every task here lives an hour and a test takes far less.
 */
class RedisTaskStoreContractTest extends TaskStoreContract {

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
    protected TaskStore createStore() {
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url(server.url())
                        .operationTimeout(Duration.ofSeconds(2))
                        .build())
                .build();
        return new RedisTaskStore(connection);
    }

    @AfterEach
    void closeConnection() {
        connection.close();
    }
}
