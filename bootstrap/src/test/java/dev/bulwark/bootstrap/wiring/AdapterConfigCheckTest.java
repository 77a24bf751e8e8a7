package dev.bulwark.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.bootstrap.config.ConfigError;
import dev.bulwark.bootstrap.config.RedisSettings;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.config.TransportSettings;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.tools.business.sql.DatabaseSettings;
import dev.bulwark.core.config.Secret;
import dev.bulwark.serve.config.HttpSettings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The adapters' values, checked before anything is wired. */
class AdapterConfigCheckTest {

    private static final ServerConfig EVERY_ADAPTER_VALUE_BAD = ServerConfig.builder()
            .database(DatabaseSettings.builder()
                            .url(Optional.of(Secret.of("mysql://root:hunter2@db/app"))).build())
            .redis(RedisSettings.builder().url(Optional.of(Secret.of("redis://:hunter2@cache/abc"))).build())
            .transport(TransportSettings.defaults().withHttp(true))
            .http(HttpSettings.builder().allowedOrigins(List.of("ftp://x")).build())
            .build();

    @Test
    void theDefaultsHaveNoProblem() {
        assertThat(AdapterConfigCheck.problems(ServerConfig.defaults())).isEmpty();
    }

    @Test
    void everyProblemIsFoundAtOnceInOrder() {
        assertThat(AdapterConfigCheck.problems(EVERY_ADAPTER_VALUE_BAD))
                .extracting(ConfigError::key)
                .containsExactly("database.url", "redis.url", "http.allowed-origins");
    }

    @Test
    void noProblemQuotesASecret() {
        assertThat(AdapterConfigCheck.problems(EVERY_ADAPTER_VALUE_BAD))
                .allSatisfy(problem -> assertThat(problem.toString()).doesNotContain("hunter2"));
    }

    @Test
    void allowedOriginsAreNotJudgedWithoutHttp() {
        ServerConfig stdio = ServerConfig.builder()
                .http(HttpSettings.builder().allowedOrigins(List.of("ftp://x")).build())
                .build();

        assertThat(AdapterConfigCheck.problems(stdio)).isEmpty();
    }
}
