package dev.bulwark.redis;

import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.test.contract.CacheStoreContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The {@link CacheStore} contract, against a real Redis: TTLs really pass (Redis keeps the time). */
class RedisCacheStoreContractTest extends CacheStoreContract {

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
    protected CacheStore createStore() {
        // A generous timeout: the contract is about behaviour, not about a busy build machine's latency.
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url(server.url())
                        .operationTimeout(Duration.ofSeconds(30))
                        .build())
                .build();
        return new RedisCacheStore(connection);
    }

    @AfterEach
    void closeConnection() {
        connection.close();
    }
}
