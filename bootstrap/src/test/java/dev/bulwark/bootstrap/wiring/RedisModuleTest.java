package dev.bulwark.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.config.StartupConfigException;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.redis.RedisSettings;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Redis as configured, before anything connects. */
class RedisModuleTest {

    private static ServerConfig withRedisUrl(String url) {
        return ServerConfig.builder()
                .redis(RedisSettings.builder().url(url).build())
                .build();
    }

    @Test
    void aRedisUrlItCannotUseIsAConfigurationErrorThatDoesNotQuoteIt() {
        assertThatThrownBy(() -> RedisModule.redisConnection(
                        withRedisUrl("redis://:hunter2@cache/abc"),
                        Ticker.system(),
                        io.opentelemetry.api.OpenTelemetry.noop()))
                .isInstanceOfSatisfying(StartupConfigException.class, failure -> {
                    assertThat(failure.error().key()).isEqualTo("redis.url");
                    assertThat(failure.error().reason()).contains("database must be a number");
                    assertThat(failure.getMessage()).doesNotContain("hunter2");
                });
    }

    @Test
    void aSentinelUrlWithoutItsPrimaryNameIsAConfigurationErrorThatDoesNotQuoteIt() {
        assertThatThrownBy(() -> RedisModule.redisConnection(
                        withRedisUrl("redis-sentinel://:hunter2@s1:26379,s2:26379/0"),
                        Ticker.system(),
                        io.opentelemetry.api.OpenTelemetry.noop()))
                .isInstanceOfSatisfying(StartupConfigException.class, failure -> {
                    assertThat(failure.error().key()).isEqualTo("redis.url");
                    assertThat(failure.error().reason()).contains("#<primary name>");
                    assertThat(failure.getMessage()).doesNotContain("hunter2").doesNotContain("s1");
                });
    }

    @Test
    void aSentinelSetIsConnectedToWithoutAskingItsSentinelsAtStart() {
        Optional<dev.bulwark.redis.RedisConnection> connection = RedisModule.redisConnection(
                withRedisUrl("redis-sentinel://sentinel_a:26379,sentinel_b:26379/0#mymaster"),
                Ticker.system(),
                io.opentelemetry.api.OpenTelemetry.noop());

        assertThat(connection).isPresent();
        connection.ifPresent(dev.bulwark.redis.RedisConnection::close);
    }

    @Test
    void aComposeServiceNameWithAnUnderscoreIsAHost() {
        Optional<dev.bulwark.redis.RedisConnection> connection = RedisModule.redisConnection(
                withRedisUrl("redis://redis_cache:6379/0"), Ticker.system(), io.opentelemetry.api.OpenTelemetry.noop());

        assertThat(connection).isPresent();
        connection.ifPresent(dev.bulwark.redis.RedisConnection::close);
    }
}
