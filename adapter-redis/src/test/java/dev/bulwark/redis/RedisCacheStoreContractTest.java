package dev.bulwark.redis;

import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.test.contract.CacheStoreContract;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link CacheStore} contract, against a real Redis on each {@link RedisTopology}: TTLs really pass (Redis keeps
 * the time).
 */
@ParameterizedClass
@EnumSource(RedisTopology.class)
class RedisCacheStoreContractTest extends CacheStoreContract {

    @Parameter
    RedisTopology topology;

    private RedisConnection connection;

    @Override
    protected CacheStore createStore() {
        // A generous timeout: the contract is about behaviour, not about a busy build machine's latency.
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url(topology.url())
                        .keyPrefix("cache-" + UUID.randomUUID() + ":")
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
