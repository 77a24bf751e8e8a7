package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.ConfigFixtures.failure;
import static dev.bulwark.bootstrap.config.ConfigFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.bootstrap.wiring.AdapterConfigCheck;
import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigType;
import dev.bulwark.core.config.CoreKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No key of the real catalogue is secret yet, so these tests add a test-only secret key: a four-digit PIN whose
 * setter, like a core record, rejects other values with a message that quotes the value.
 */
class SecretHandlingTest {

    private static final int DEFAULT_PIN = 2468;

    /** Stands in for a future secret key; the value lives outside ServerConfig, so the setter only validates. */
    private static final ConfigKey<ServerConfig, Integer> PIN = new ConfigKey<ServerConfig, Integer>(
                    "test.pin",
                    "TEST_PIN",
                    "--test-pin",
                    ConfigType.INT,
                    "A test-only secret",
                    false,
                    config -> DEFAULT_PIN,
                    (config, value) -> {
                        if (value < 1000 || value > 9999) {
                            throw new IllegalArgumentException("test.pin must have four digits, was " + value);
                        }
                        return config;
                    })
            .asSecret();

    private static final ConfigLoader LOADER = new ConfigLoader(catalogueWithPin());

    @TempDir
    Path dir;

    private static List<ConfigKey<ServerConfig, ?>> catalogueWithPin() {
        List<ConfigKey<ServerConfig, ?>> keys = new ArrayList<>(ConfigKeys.all());
        keys.add(PIN);
        return keys;
    }

    @Test
    void secretValueIsNotInTheErrorForAMalformedValue() {
        ConfigException failure = failure(LOADER, List.of(), Map.of("TEST_PIN", "hunter2"));

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("test.pin");
            assertThat(error.reason()).isEqualTo("the value is not a whole number");
        });
        assertThat(failure.getMessage()).doesNotContain("hunter2");
        assertThat(failure.errors().toString()).doesNotContain("hunter2");
    }

    @Test
    void secretValueIsNotInTheErrorWhenItsSetterRejectsIt() {
        ConfigException failure = failure(LOADER, List.of("--test-pin", "31337"), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("test.pin");
            assertThat(error.reason()).isEqualTo("the value is not valid (details withheld: the key is secret)");
        });
        assertThat(failure.getMessage()).doesNotContain("31337");
    }

    @Test
    void aShortJwtSecretIsToldItsMinimumWithoutItsValue() {
        ConfigException failure = failure(new ConfigLoader(), List.of(), Map.of("JWT_SECRET", "too-short-s3cret"));

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("auth.jwt-secret");
            assertThat(error.reason()).startsWith("must be at least 32 bytes (256 bits) for HS256");
        });
        assertThat(failure.getMessage()).doesNotContain("too-short-s3cret");
    }

    @Test
    void aShortRequestStateKeyIsRefusedAtStartNamingTheKeyWithoutItsValue() {
        ConfigException failure =
                failure(new ConfigLoader(), List.of(), Map.of("MCP_REQUEST_STATE_KEY", "short-state-key"));

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("request-state.key");
            assertThat(error.reason()).startsWith("must be at least 32 bytes (256 bits)");
        });
        assertThat(failure.getMessage()).doesNotContain("short-state-key");
    }

    @Test
    void aRedisUrlWithoutItsSchemeIsToldTheSchemesWithoutItsValue() {
        ConfigException failure =
                failure(new ConfigLoader(), List.of(), Map.of("REDIS_URL", "default:s3cr3t-pass@redis.internal:6379"));

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("redis.url");
            assertThat(error.source()).isEqualTo("environment variable REDIS_URL");
            assertThat(error.reason())
                    .isEqualTo(
                            "must start with redis:// or rediss://, redis-sentinel:// for a Sentinel set, or redis-cluster://"
                                    + " for a Redis Cluster");
        });
        assertThat(failure.getMessage()).doesNotContain("s3cr3t").doesNotContain("redis.internal");
    }

    @Test
    void aRedisUrlSchemeIsReadInAnyCaseAsTheAdapterReadsIt() throws ConfigException {
        ServerConfig config = new ConfigLoader()
                .load(List.of(), Map.of("REDIS_URL", "REDIS://redis.internal:6379"))
                .config();

        assertThat(config.redis().url()).isPresent();
        assertThat(AdapterConfigCheck.problems(config)).isEmpty();
    }

    @Test
    void aDatabaseUrlWithoutItsSchemeIsToldTheSchemesWithoutItsValue() throws ConfigException {
        ServerConfig config = new ConfigLoader()
                .load(List.of(), Map.of("DATABASE_URL", "app:s3cr3t-pass@db.internal:5432/app"))
                .config();

        assertThat(AdapterConfigCheck.problems(config)).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("database.url");
            assertThat(error.reason())
                    .contains("must start with postgres://, postgresql:// or jdbc:postgresql://")
                    .doesNotContain("s3cr3t")
                    .doesNotContain("db.internal");
        });
    }

    @Test
    void everySecretKeyGivenAsAFlagIsWarnedAboutOnceNamingItsVariableAndNeverItsValue() throws ConfigException {
        List<String> values = List.of(
                "jwt-s3cret-of-at-least-32-bytes-for-hs256",
                "jwt-s3cret-given-twice-32-bytes-long!!",
                "postgres://app:db-s3cret@db.internal/app",
                "redis://default:redis-s3cret@redis.internal:6379",
                "request-state-s3cret-of-32-bytes-at-least",
                "reader-s3cret",
                "writer-s3cret");
        LoadedConfig loaded = new ConfigLoader()
                .load(
                        List.of(
                                "--jwt-secret",
                                values.get(0),
                                "--jwt-secret=" + values.get(1),
                                "--jwt-issuer",
                                "https://issuer.test",
                                "--resource-url",
                                "https://mcp.test/mcp",
                                "--database-url",
                                values.get(2),
                                "--redis-url=" + values.get(3),
                                "--request-state-key",
                                values.get(4),
                                "--database-sql-reader-password",
                                values.get(5),
                                "--database-sql-writer-password",
                                values.get(6),
                                "--server-name",
                                "not-a-secret"),
                        Map.of());

        assertThat(loaded.warnings()).hasSize(6);
        assertThat(loaded.warnings())
                .allSatisfy(warning -> assertThat(warning)
                        .contains(
                                "is secret and was given as the flag",
                                "/proc/<pid>/cmdline",
                                "set the environment variable"));
        assertThat(loaded.warnings())
                .anySatisfy(w -> assertThat(w).startsWith("auth.jwt-secret").contains("JWT_SECRET"))
                .anySatisfy(w -> assertThat(w).startsWith("database.url").contains("--database-url", "DATABASE_URL"))
                .anySatisfy(w -> assertThat(w).startsWith("redis.url").contains("REDIS_URL"))
                .anySatisfy(w -> assertThat(w).startsWith("request-state.key").contains("MCP_REQUEST_STATE_KEY"))
                .anySatisfy(w -> assertThat(w)
                        .startsWith("database.sql-reader-password")
                        .contains("DATABASE_SQL_READER_PASSWORD"))
                .anySatisfy(w -> assertThat(w)
                        .startsWith("database.sql-writer-password")
                        .contains("DATABASE_SQL_WRITER_PASSWORD"))
                .noneSatisfy(w -> assertThat(w).contains("server.name"));
        String all = String.join("\n", loaded.warnings());
        values.forEach(value -> assertThat(all).doesNotContain(value));
        assertThat(all).doesNotContain("s3cret").doesNotContain(".internal");
    }

    @Test
    void aSecretFromTheEnvironmentIsNotWarnedAbout() throws ConfigException {
        LoadedConfig loaded = new ConfigLoader()
                .load(List.of(), Map.of("REDIS_URL", "redis://default:redis-s3cret@redis.internal:6379"));

        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void aRequestStateKeyOf32BytesIsTheCoresSetting() throws ConfigException {
        LoadedConfig loaded = new ConfigLoader()
                .load(List.of("--request-state-ttl", "2m"), Map.of("MCP_REQUEST_STATE_KEY", "k".repeat(32)));

        assertThat(loaded.config().core().requestState().key())
                .hasValueSatisfying(key -> assertThat(key.reveal()).isEqualTo("k".repeat(32)));
        assertThat(loaded.config().core().requestState().ttl()).isEqualTo(java.time.Duration.ofMinutes(2));
    }

    @Test
    void secretDefaultIsNotInTheHelp() {
        String help = HelpText.render(catalogueWithPin());

        assertThat(help)
                .contains("--test-pin", "TEST_PIN", "default (secret)")
                .doesNotContain(String.valueOf(DEFAULT_PIN));
    }

    @Test
    void secretValueIsRedactedInTheEffectiveConfiguration() throws ConfigException {
        LoadedConfig loaded = LOADER.load(List.of(), Map.of("TEST_PIN", "8642"));

        assertThat(loaded.describe()).contains("test.pin = **** (environment variable TEST_PIN)");
        assertThat(loaded.describe().toString()).doesNotContain("8642");
        assertThat(loaded.toString()).doesNotContain("8642");
    }

    @Test
    void secretKeyDisplaysEveryValueRedacted() {
        assertThat(PIN.display(8642)).isEqualTo(ConfigKey.REDACTED);
        assertThat(PIN.defaultText(ServerConfig.defaults())).isEqualTo("(secret)");
        assertThat(PIN.toString()).isEqualTo("test.pin");
    }

    @Test
    void nonSecretKeyDisplaysItsValue() {
        assertThat(CoreKeys.CACHE_MAX_ENTRIES.display(12)).isEqualTo("12");
    }

    @Test
    void valueOfAnUnknownFileKeyIsNeverPrinted() {
        Path file = write(dir, "bulwark.yaml", "test:\n  pinn: 97531\n");

        ConfigException failure = failure(LOADER, List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors())
                .singleElement()
                .satisfies(error -> assertThat(error.reason()).isEqualTo("unknown key; did you mean test.pin?"));
        assertThat(failure.getMessage()).doesNotContain("97531");
    }

    @Test
    void valueOfAnUnknownFlagIsNeverPrinted() {
        ConfigException failure = failure(LOADER, List.of("--test-pinn", "97531", "--test-pim=86420"), Map.of());

        assertThat(failure.errors()).hasSize(2);
        assertThat(failure.getMessage()).doesNotContain("97531").doesNotContain("86420");
    }

    @Test
    void rawValuesNeverPrintTheirText() throws ConfigException {
        LoadedConfig loaded = LOADER.load(List.of("--test-pin=8642"), Map.of());

        assertThat(loaded.config()).isEqualTo(ServerConfig.defaults());
        assertThat(new ConfigFileReader.RawValue("8642", "flag --test-pin").toString())
                .doesNotContain("8642");
    }
}
