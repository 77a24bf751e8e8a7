package dev.bulwark.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.bootstrap.config.ConfigError;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.DatabaseSettings;
import dev.bulwark.core.config.HttpSettings;
import dev.bulwark.core.config.RedisSettings;
import dev.bulwark.core.config.Secret;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The adapters' values, checked before anything is wired. */
class AdapterConfigCheckTest {

    private static final BulwarkConfig EVERY_ADAPTER_VALUE_BAD = BulwarkConfig.defaults()
            .withDatabase(DatabaseSettings.defaults().withUrl(Optional.of(Secret.of("mysql://root:hunter2@db/app"))))
            .withRedis(RedisSettings.defaults().withUrl(Optional.of(Secret.of("redis://:hunter2@cache/abc"))))
            .withHttp(HttpSettings.defaults().withEnabled(true).withAllowedOrigins(List.of("ftp://x")));

    @Test
    void theDefaultsHaveNoProblem() {
        assertThat(AdapterConfigCheck.problems(BulwarkConfig.defaults())).isEmpty();
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
        BulwarkConfig stdio = BulwarkConfig.defaults()
                .withHttp(HttpSettings.defaults().withAllowedOrigins(List.of("ftp://x")));

        assertThat(AdapterConfigCheck.problems(stdio)).isEmpty();
    }
}
