package dev.bulwark.redis;

import dev.bulwark.test.contract.RateLimitStoreContract;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The {@link RateLimitStore} contract, against a real Redis: the same token bucket as the in-memory store. */
class RedisRateLimitStoreContractTest extends RateLimitStoreContract {

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
    protected RateLimitStore createStore() {
        connection = RedisConnection.builder(server.url()).operationTimeout(Duration.ofSeconds(2)).build();
        return new RedisRateLimitStore(connection);
    }

    @AfterEach
    void closeConnection() {
        connection.close();
    }
}
