package dev.bulwark.redis;

import dev.bulwark.ports.ratelimit.RateLimitStore;
import dev.bulwark.test.contract.RateLimitStoreContract;
import dev.bulwark.test.fakes.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link RateLimitStore} contract, against a real Redis: the same windows as the in-memory store. Time is a
 * manual clock standing in for Redis's {@code TIME} (the store's only source of time; {@link RedisRateLimitStoreTest}
 * runs it on Redis's own), so nothing sleeps. The keys' expiry is real time, but every window here is a minute or more
 * long and a test takes far less.
 */
class RedisRateLimitStoreContractTest extends RateLimitStoreContract {

    private static EmbeddedRedis server;
    private final ManualTicker ticker = new ManualTicker();
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
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url(server.url())
                        .operationTimeout(Duration.ofSeconds(30))
                        .build())
                .build();
        return new RedisRateLimitStore(connection, RedisTime.of(ticker));
    }

    @Override
    protected void advanceTime(Duration duration) {
        ticker.advance(duration);
    }

    @AfterEach
    void closeConnection() {
        connection.close();
    }
}
