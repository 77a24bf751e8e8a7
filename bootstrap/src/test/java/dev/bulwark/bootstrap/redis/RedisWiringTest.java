package dev.bulwark.bootstrap.redis;

import static dev.bulwark.bootstrap.redis.TestCalls.call;
import static dev.bulwark.bootstrap.redis.TestCalls.eventually;
import static dev.bulwark.bootstrap.redis.TestCalls.isError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.bootstrap.config.ConfigException;
import dev.bulwark.bootstrap.config.ConfigLoader;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.wiring.DaggerServerComponent;
import dev.bulwark.bootstrap.wiring.ServerComponent;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.ComponentReport;
import dev.bulwark.core.ServerStatus;
import dev.bulwark.core.Tool;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.redis.DeadPort;
import dev.bulwark.redis.EmbeddedRedis;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The server's wiring chooses Redis by {@code REDIS_URL}, and starts whether Redis is there or not. */
class RedisWiringTest {

    private EmbeddedRedis server;
    private ServerComponent component;

    @AfterEach
    void stop() {
        if (component != null) {
            component.redisConnection().ifPresent(RedisConnection::close);
            component.bulwark().close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static ServerConfig withRedis(String url) {
        return ServerConfig.builder()
                .redis(RedisSettings.builder()
                        .url(url)
                        .breakerOpenDuration(Duration.ofMillis(300))
                        .build())
                .build();
    }

    private static Tool<?, ?> processData(Bulwark bulwark) {
        return bulwark.tools().stream()
                .filter(tool -> tool.name().equals("process_data"))
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, Object> transform(String value) {
        return Map.of("data", Map.of("name", value), "operation", "transform");
    }

    private static Optional<ComponentReport> redisHealth(Bulwark bulwark) {
        return bulwark.health().check().components().stream()
                .filter(component -> component.name().equals("redis"))
                .findFirst();
    }

    @Test
    void withoutRedisUrlTheServerRunsOnTheInMemoryStores() {
        component = DaggerServerComponent.factory().create(ServerConfig.defaults());

        assertThat(component.redisConnection()).isEmpty();
        assertThat(redisHealth(component.bulwark())).isEmpty();
        assertThat(component.prometheusRegistry().scrape()).doesNotContain("bulwark_redis");
    }

    @Test
    void withRedisUrlCachedResultsAndRateLimitsLiveInRedis() {
        server = EmbeddedRedis.start();
        component = DaggerServerComponent.factory().create(withRedis(server.url()));
        Bulwark bulwark = component.bulwark();

        assertThat(isError(call(bulwark, processData(bulwark), transform("Ada"))))
                .isFalse();

        try (RedisClient raw = RedisClient.create(server.url())) {
            assertThat(raw.keys("bulwark:cache:*")).hasSize(1);
            assertThat(raw.keys("bulwark:ratewindow:*")).hasSize(1);
        }
    }

    @Test
    void withRedisUrlHealthAndMetricsShowRedis() {
        server = EmbeddedRedis.start();
        component = DaggerServerComponent.factory().create(withRedis(server.url()));

        assertThat(redisHealth(component.bulwark())).hasValueSatisfying(redis -> {
            assertThat(redis.status()).isEqualTo(ComponentStatus.UP);
            assertThat(redis.details()).containsKey("latency_ms");
        });
        assertThat(component.prometheusRegistry().scrape())
                .contains(
                        "bulwark_redis_commands_total",
                        "bulwark_redis_command_errors_total",
                        "bulwark_redis_pool_connections",
                        "bulwark_redis_circuit_breaker_state",
                        "bulwark_redis_rate_limit_decisions_total");
    }

    @Test
    void startsDegradedWhenRedisIsUnreachableAndPicksItUpWhenItAppears() {
        DeadPort port = new DeadPort();
        component = DaggerServerComponent.factory().create(withRedis("redis://127.0.0.1:" + port.port()));
        Bulwark bulwark = component.bulwark();

        // Polled: on a busy machine the first check of the database can outlast the 2 s a check is given. Redis is
        // optional: were its outage taken as the server's, the status would stay UNHEALTHY.
        assertThat(eventually(
                        Duration.ofSeconds(60), () -> bulwark.health().check().status() == ServerStatus.DEGRADED))
                .as("degraded, not unhealthy")
                .isTrue();
        assertThat(isError(call(bulwark, processData(bulwark), transform("Ada"))))
                .isFalse();

        port.close();
        server = EmbeddedRedis.startOn(port.port());

        assertThat(eventually(
                        Duration.ofSeconds(60), () -> bulwark.health().check().status() == ServerStatus.HEALTHY))
                .isTrue();
        assertThat(eventually(Duration.ofSeconds(60), () -> {
                    call(bulwark, processData(bulwark), transform("Grace"));
                    try (RedisClient raw = RedisClient.create(server.url())) {
                        return !raw.keys("bulwark:cache:*").isEmpty();
                    }
                }))
                .isTrue();
    }

    @Test
    void malformedRedisUrlIsAConfigurationErrorThatDoesNotQuoteIt() {
        ConfigException failure = catchThrowableOfType(
                ConfigException.class,
                () -> new ConfigLoader().load(List.of(), Map.of("REDIS_URL", "http://app:hunter2@cache.internal")));

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("redis.url");
            assertThat(error.toString()).doesNotContain("hunter2", "cache.internal");
        });
    }
}
