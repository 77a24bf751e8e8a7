package dev.bulwark.redis;

import dev.bulwark.ports.ratelimit.RateLimitStore;
import dev.bulwark.test.contract.RateLimitStoreContract;
import dev.bulwark.test.fakes.ManualTicker;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link RateLimitStore} contract, against a real Redis on each {@link RedisTopology}: the same windows as the
 * in-memory store. Time is a manual clock standing in for Redis's {@code TIME} (the store's only source of time;
 * {@link RedisRateLimitStoreTest} runs it on Redis's own), so nothing sleeps. The keys' expiry is real time, but every
 * window here is a minute or more long and a test takes far less.
 */
@ParameterizedClass
@EnumSource(RedisTopology.class)
class RedisRateLimitStoreContractTest extends RateLimitStoreContract {

    @Parameter
    RedisTopology topology;

    private final ManualTicker ticker = new ManualTicker();
    private RedisConnection connection;

    @Override
    protected RateLimitStore createStore() {
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url(topology.url())
                        .keyPrefix("limits-" + UUID.randomUUID() + ":")
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
