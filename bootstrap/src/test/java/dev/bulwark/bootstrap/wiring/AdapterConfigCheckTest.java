package dev.bulwark.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.bootstrap.config.ConfigError;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.config.TransportSettings;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.postgres.DatabaseSettings;
import dev.bulwark.redis.RedisSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The adapters' values, checked before anything is wired. */
class AdapterConfigCheckTest {

    @TempDir
    Path directory;

    private static final ServerConfig EVERY_ADAPTER_VALUE_BAD = ServerConfig.builder()
            .database(DatabaseSettings.builder()
                    .url("mysql://root:hunter2@db/app")
                    .build())
            .redis(RedisSettings.builder().url("redis://:hunter2@cache/abc").build())
            .transport(new TransportSettings(true))
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

    @ParameterizedTest
    @EnumSource(AuthSettings.Mode.class)
    void aMissingApiKeysFileIsAProblemWhateverTheAuthenticationMode(AuthSettings.Mode mode) {
        Path missing = directory.resolve("keys.json");

        assertThat(AdapterConfigCheck.problems(overHttp(mode, missing)))
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.key()).isEqualTo("auth.api-keys-file");
                    assertThat(problem.source()).contains(missing.toString());
                    assertThat(problem.reason()).contains("does not exist", "leave auth.api-keys-file unset");
                });
    }

    @Test
    void anApiKeysFileThatIsNotJsonIsAProblemWithAuthenticationOff() throws IOException {
        Path file = Files.writeString(directory.resolve("keys.json"), "keys: []");

        assertThat(AdapterConfigCheck.problems(overHttp(AuthSettings.Mode.OFF, file)))
                .singleElement()
                .satisfies(problem -> assertThat(problem.reason()).contains("not valid JSON"));
    }

    @Test
    void anEntryWithThePlaceholderSubjectIsAProblemNamingTheEntry() throws IOException {
        Path file = Files.writeString(
                directory.resolve("keys.json"),
                "{\"keys\": [{\"subject\": \"CHANGE-ME\"," + " \"scopes\": [\"tools:read\"], \"hash\": \""
                        + ApiKeys.hashOf(ApiKeys.newKey()) + "\"}]}");

        assertThat(AdapterConfigCheck.problems(overHttp(AuthSettings.Mode.AUTO, file)))
                .singleElement()
                .satisfies(problem -> assertThat(problem.reason())
                        .contains("entry 1", "placeholder CHANGE-ME", "set it to who holds the key"));
    }

    private static ServerConfig overHttp(AuthSettings.Mode mode, Path keysFile) {
        return ServerConfig.builder()
                .transport(new TransportSettings(true))
                .auth(AuthSettings.builder()
                        .mode(mode)
                        .apiKeysFile(Optional.of(keysFile.toString()))
                        .build())
                .build();
    }

    @Test
    void allowedOriginsAreNotJudgedWithoutHttp() {
        ServerConfig stdio = ServerConfig.builder()
                .http(HttpSettings.builder().allowedOrigins(List.of("ftp://x")).build())
                .build();

        assertThat(AdapterConfigCheck.problems(stdio)).isEmpty();
    }
}
