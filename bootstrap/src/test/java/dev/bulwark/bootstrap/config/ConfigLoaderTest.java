package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.ConfigFixtures.FULL;
import static dev.bulwark.bootstrap.config.ConfigFixtures.load;
import static dev.bulwark.bootstrap.config.ConfigFixtures.resource;
import static dev.bulwark.bootstrap.config.ConfigFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.CacheSettings;
import dev.bulwark.core.config.CoreKeys;
import dev.bulwark.http.HttpKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    // ------------------------------------------------------------------------------------------------ precedence

    @Test
    void noInputGivesTheBuiltInDefaults() {
        LoadedConfig loaded = load(List.of(), Map.of());

        assertThat(loaded.config()).isEqualTo(ServerConfig.defaults());
        assertThat(loaded.configFile()).isEmpty();
        assertThat(loaded.helpRequested()).isFalse();
        assertThat(loaded.versionRequested()).isFalse();
    }

    @Test
    void configFileOverridesTheDefault() {
        Path file = write(dir, "bulwark.yaml", "cache:\n  ttl: 42\n");

        LoadedConfig loaded = load(List.of("--config", file.toString()), Map.of());

        assertThat(loaded.config().core().cache().defaultTtl()).isEqualTo(Duration.ofSeconds(42));
        assertThat(loaded.configFile()).contains(file);
    }

    @Test
    void environmentOverridesTheConfigFile() {
        Path file = write(dir, "bulwark.yaml", "cache:\n  ttl: 42\n");

        LoadedConfig loaded = load(List.of("--config", file.toString()), Map.of("CACHE_TTL", "43"));

        assertThat(loaded.config().core().cache().defaultTtl()).isEqualTo(Duration.ofSeconds(43));
    }

    @Test
    void flagOverridesTheEnvironment() {
        LoadedConfig loaded = load(List.of("--cache-ttl", "44"), Map.of("CACHE_TTL", "43"));

        assertThat(loaded.config().core().cache().defaultTtl()).isEqualTo(Duration.ofSeconds(44));
    }

    @Test
    void keysNotSetAnywhereKeepTheirDefaults() {
        LoadedConfig loaded = load(List.of("--server-name", "x"), Map.of("CACHE_TTL", "43"));

        assertThat(loaded.config().core().limits())
                .isEqualTo(BulwarkConfig.defaults().limits());
        assertThat(loaded.config().core().cache().maxEntries()).isEqualTo(CacheSettings.DEFAULT_MAX_ENTRIES);
    }

    @Test
    void configFileCanBeNamedByMcpConfig() {
        Path file = write(dir, "bulwark.yml", "server:\n  name: from-env-file\n");

        LoadedConfig loaded = load(List.of(), Map.of("MCP_CONFIG", file.toString()));

        assertThat(loaded.config().core().server().name()).isEqualTo("from-env-file");
        assertThat(loaded.configFile()).contains(file);
    }

    @Test
    void configFlagWinsOverMcpConfig() {
        Path fromFlag = write(dir, "flag.yaml", "server:\n  name: from-flag-file\n");
        Path fromEnv = write(dir, "env.yaml", "server:\n  name: from-env-file\n");

        LoadedConfig loaded = load(List.of("--config=" + fromFlag), Map.of("MCP_CONFIG", fromEnv.toString()));

        assertThat(loaded.config().core().server().name()).isEqualTo("from-flag-file");
    }

    @Test
    void sourceOfEachValueIsKnown() {
        Path file = write(dir, "bulwark.yaml", "server:\n  name: from-file\n");

        LoadedConfig loaded = load(List.of("--config", file.toString(), "--debug"), Map.of("CACHE_TTL", "9"));

        assertThat(loaded.sourceOf(CoreKeys.SERVER_NAME)).isEqualTo("file " + file + ", line 2, column 9");
        assertThat(loaded.sourceOf(CoreKeys.CACHE_TTL)).isEqualTo("environment variable CACHE_TTL");
        assertThat(loaded.sourceOf(CoreKeys.LOG_DEBUG)).isEqualTo("flag --debug");
        assertThat(loaded.sourceOf(CoreKeys.TOOL_TIMEOUT)).isEqualTo("default");
    }

    @Test
    void describeListsEveryKeyWithValueAndSource() {
        LoadedConfig loaded = load(List.of(), Map.of("CACHE_TTL", "600"));

        assertThat(loaded.describe())
                .hasSize(ConfigKeys.all().size())
                .contains("cache.ttl = 600s (environment variable CACHE_TTL)", "server.name = bulwark (default)");
    }

    // ------------------------------------------------------------------------------------------------ file formats

    @Test
    void yamlFileLoads() {
        LoadedConfig loaded =
                load(List.of("--config", resource("config/full.yaml").toString()), Map.of());

        assertThat(loaded.config()).isEqualTo(FULL);
    }

    @Test
    void jsonFileLoads() {
        LoadedConfig loaded =
                load(List.of("--config", resource("config/full.json").toString()), Map.of());

        assertThat(loaded.config()).isEqualTo(FULL);
    }

    @Test
    void emptyYamlFileChangesNothing() {
        Path file = write(dir, "empty.yaml", "# nothing configured yet\n");

        assertThat(load(List.of("--config", file.toString()), Map.of()).config())
                .isEqualTo(ServerConfig.defaults());
    }

    @Test
    void dottedKeysMayBeWrittenWholeInTheFile() {
        Path file = write(dir, "flat.json", "{\"cache.ttl\": 77}");

        assertThat(load(List.of("--config", file.toString()), Map.of())
                        .config()
                        .core()
                        .cache()
                        .defaultTtl())
                .isEqualTo(Duration.ofSeconds(77));
    }

    @Test
    void yamlNumberKeepsItsTextWhenReadAsText() {
        Path file = write(dir, "version.yaml", "server:\n  version: 1.10\n");

        assertThat(load(List.of("--config", file.toString()), Map.of())
                        .config()
                        .core()
                        .server()
                        .version())
                .isEqualTo("1.10");
    }

    @Test
    void listMayBeCommaSeparatedTextInTheFile() {
        Path file = write(dir, "scopes.yaml", "stdio:\n  scopes: tools:read, tools:write\n");

        assertThat(load(List.of("--config", file.toString()), Map.of())
                        .config()
                        .core()
                        .stdio()
                        .scopes())
                .containsExactlyInAnyOrder("tools:read", "tools:write");
    }

    // ------------------------------------------------------------------------------------------------ value formats

    @Test
    void cacheTtlPlainIntegerIsSeconds() {
        assertThat(load(List.of(), Map.of("CACHE_TTL", "600"))
                        .config()
                        .core()
                        .cache()
                        .defaultTtl())
                .isEqualTo(Duration.ofSeconds(600));
    }

    @ParameterizedTest
    @ValueSource(strings = {"300", "300s", "5m", "PT5M", "pt5m", "300000ms"})
    void cacheTtlAcceptsSecondsSuffixesAndIso8601(String ttl) {
        assertThat(load(List.of(), Map.of("CACHE_TTL", ttl))
                        .config()
                        .core()
                        .cache()
                        .defaultTtl())
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void maxRequestSizeAcceptsMebibytes() {
        assertThat(load(List.of(), Map.of("MAX_REQUEST_SIZE", "2MiB"))
                        .config()
                        .core()
                        .limits()
                        .maxRequestBytes())
                .isEqualTo(2 * 1024 * 1024);
    }

    @Test
    void maxRequestSizePlainIntegerIsBytes() {
        assertThat(load(List.of(), Map.of("MAX_REQUEST_SIZE", "1048576"))
                        .config()
                        .core()
                        .limits()
                        .maxRequestBytes())
                .isEqualTo(1_048_576);
    }

    @Test
    void maxResultSizeIsReadFromTheEnvironment() {
        assertThat(load(List.of(), Map.of("MAX_RESULT_SIZE", "4MiB"))
                        .config()
                        .core()
                        .limits()
                        .maxResultBytes())
                .isEqualTo(4 * 1024 * 1024);
    }

    @Test
    void maxResultSizeFlagKeepsTheOtherLimits() {
        var limits = load(List.of("--max-result-size", "64KiB", "--max-request-size", "2MiB"), Map.of())
                .config()
                .core()
                .limits();

        assertThat(limits.maxResultBytes()).isEqualTo(64 * 1024);
        assertThat(limits.maxRequestBytes()).isEqualTo(2 * 1024 * 1024);
    }

    @Test
    void rateLimitIsCallsPerMinute() {
        assertThat(load(List.of(), Map.of("RATE_LIMIT", "250"))
                        .config()
                        .core()
                        .rateLimit()
                        .perMinute())
                .isEqualTo(250);
    }

    @Test
    void aRateLimitHasNoExtraBurstUnlessOneIsSet() {
        LoadedConfig loaded = load(List.of(), Map.of("RATE_LIMIT", "250"));

        assertThat(loaded.config().core().rateLimit().extraBurst()).isZero();
        assertThat(loaded.config().core().rateLimit().toRateLimit().capacity()).isEqualTo(250);
    }

    @Test
    void anExtraBurstSetExplicitlyIsKept() {
        LoadedConfig loaded = load(List.of("--rate-limit-extra-burst", "5"), Map.of("RATE_LIMIT", "250"));

        assertThat(loaded.config().core().rateLimit().extraBurst()).isEqualTo(5);
    }

    @Test
    void theOldBurstFlagIsRefusedNamingTheExtraBurst() {
        assertThatThrownBy(() -> load(List.of("--rate-limit-burst", "5"), Map.of()))
                .hasMessageContaining("--rate-limit-extra-burst");
    }

    @Test
    void theLocalFallbackShareIsHalfTheLimitUnlessSet() {
        assertThat(load(List.of(), Map.of()).config().core().rateLimit().localFallbackPercent())
                .isEqualTo(50);
        assertThat(load(List.of("--rate-limit-local-fallback-percent", "25"), Map.of())
                        .config()
                        .core()
                        .rateLimit()
                        .localFallbackShare())
                .isEqualTo(0.25);
    }

    @Test
    void theCloseGraceIsReadAndMustBePositive() {
        assertThat(load(List.of(), Map.of("MCP_CLOSE_GRACE", "6s"))
                        .config()
                        .http()
                        .closeGrace())
                .isEqualTo(Duration.ofSeconds(6));
        assertThatThrownBy(() -> load(List.of("--close-grace", "0"), Map.of()))
                .hasMessageContaining("http.close-grace")
                .hasMessageContaining("must be positive");
    }

    @Test
    void stdioScopesAreCommaSeparated() {
        assertThat(load(List.of(), Map.of("MCP_STDIO_SCOPES", "tools:read, tools:write,"))
                        .config()
                        .core()
                        .stdio()
                        .scopes())
                .isEqualTo(Set.of("tools:read", "tools:write"));
    }

    @Test
    void logLevelWarningIsReadAsWarn() {
        assertThat(load(List.of(), Map.of("MCP_LOG_LEVEL", "WARNING"))
                        .config()
                        .core()
                        .logging()
                        .level())
                .isEqualTo("WARN");
    }

    @Test
    void mcpDebugTrueSwitchesDebugOn() {
        assertThat(load(List.of(), Map.of("MCP_DEBUG", "true"))
                        .config()
                        .core()
                        .logging()
                        .debug())
                .isTrue();
    }

    // ------------------------------------------------------------------------------------------------ environment

    @Test
    void blankEnvironmentVariableCountsAsUnset() {
        assertThat(load(List.of(), Map.of("MCP_SERVER_NAME", "  "))
                        .config()
                        .core()
                        .server()
                        .name())
                .isEqualTo(BulwarkConfig.defaults().server().name());
    }

    @Test
    void unknownEnvironmentVariablesAreIgnored() {
        assertThat(load(List.of(), Map.of("PATH", "/usr/bin", "MCP_SOMETHING_ELSE", "x", "HOME", "/root"))
                        .config())
                .isEqualTo(ServerConfig.defaults());
    }

    @Test
    void unknownMcpEnvironmentVariableIsWarnedAboutWithTheNearestNameButNotItsValue() {
        LoadedConfig loaded = load(List.of(), Map.of("MCP_CACHE_TTL", "600", "MCP_HTTP_PORTT", "18405"));

        assertThat(loaded.config()).isEqualTo(ServerConfig.defaults());
        assertThat(loaded.warnings()).hasSize(2);
        assertThat(loaded.warnings().get(0))
                .isEqualTo(
                        "environment variable MCP_CACHE_TTL is not a setting and is ignored; did you mean CACHE_TTL?");
        assertThat(loaded.warnings().get(1))
                .startsWith(
                        "environment variable MCP_HTTP_PORTT is not a setting and is ignored; did you mean MCP_HTTP_PORT");
        assertThat(String.join("\n", loaded.warnings())).doesNotContain("600", "18405");
    }

    @Test
    void knownOtherAndBlankEnvironmentVariablesGiveNoWarning() {
        LoadedConfig loaded = load(
                List.of(),
                Map.of(
                        "CACHE_TTL",
                        "600",
                        "MCP_CONFIG",
                        "",
                        "MCP_HTTP_PORT",
                        "18406",
                        "PATH",
                        "/usr/bin",
                        "MCP_UNUSED",
                        " "));

        assertThat(loaded.warnings()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ command line

    @Test
    void flagValueMayFollowAnEqualsSign() {
        assertThat(load(List.of("--server-name=acme"), Map.of())
                        .config()
                        .core()
                        .server()
                        .name())
                .isEqualTo("acme");
    }

    @Test
    void booleanFlagMayBeGivenBare() {
        assertThat(load(List.of("--debug"), Map.of()).config().core().logging().debug())
                .isTrue();
    }

    @Test
    void booleanFlagMayBeFollowedByItsValue() {
        LoadedConfig loaded = load(List.of("--cache-enabled", "false", "--rate-limit-enabled=false"), Map.of());

        assertThat(loaded.config().core().cache().enabled()).isFalse();
        assertThat(loaded.config().core().rateLimit().enabled()).isFalse();
    }

    @Test
    void anExtraBurstValidOnlyWithTheGivenPerMinuteLimitIsAccepted() {
        // Alone, with the default 100 per minute, 60M extra would stretch the window past a year; with 10M it is 7 min.
        LoadedConfig loaded =
                load(List.of("--rate-limit-extra-burst", "60000000", "--rate-limit", "10000000"), Map.of());

        assertThat(loaded.config().core().rateLimit().perMinute()).isEqualTo(10_000_000);
        assertThat(loaded.config().core().rateLimit().extraBurst()).isEqualTo(60_000_000);
    }

    @Test
    void flagGivenTwiceTakesItsLastValue() {
        assertThat(load(List.of("--rate-limit", "1", "--rate-limit", "2"), Map.of())
                        .config()
                        .core()
                        .rateLimit()
                        .perMinute())
                .isEqualTo(2);
    }

    @Test
    void flagGivenTwiceReportsTheLastValueAsItsSource() {
        LoadedConfig loaded = load(List.of("--port", "18401", "--port=18402"), Map.of());

        assertThat(loaded.config().http().port()).isEqualTo(18402);
        assertThat(loaded.sourceOf(HttpKeys.HTTP_PORT)).isEqualTo("flag --port");
    }

    @Test
    void errorFoundWhileWiringIsLocatedAtTheSourceOfItsKey() {
        LoadedConfig loaded = load(List.of(), Map.of("DATABASE_URL", "mysql://db.invalid/app"));

        ConfigError located = loaded.locate(
                new ConfigError("database.url", StartupConfigException.WIRING_SOURCE, "must be PostgreSQL"));

        assertThat(located)
                .isEqualTo(new ConfigError("database.url", "environment variable DATABASE_URL", "must be PostgreSQL"));
    }

    @Test
    void errorThatAlreadyNamesItsSourceIsNotRelocated() {
        LoadedConfig loaded = load(List.of("--api-keys-file", "keys.json"), Map.of());
        ConfigError error = new ConfigError("auth.api-keys-file", "file keys.json", "the keys array is empty");

        assertThat(loaded.locate(error)).isEqualTo(error);
    }

    @Test
    void helpFlagIsReportedWithoutReadingAnythingElse() {
        LoadedConfig loaded = load(List.of("--help", "--config", "/does/not/exist.yaml"), Map.of("CACHE_TTL", "bad"));

        assertThat(loaded.helpRequested()).isTrue();
        assertThat(loaded.config()).isEqualTo(ServerConfig.defaults());
    }

    @Test
    void versionFlagIsReported() {
        LoadedConfig loaded = load(List.of("--version"), Map.of());

        assertThat(loaded.versionRequested()).isTrue();
        assertThat(loaded.helpRequested()).isFalse();
    }

    @Test
    void workerFlagIsReportedWithTheRestOfTheConfiguration() {
        LoadedConfig loaded = load(List.of("--worker", "--management-port", "9191"), Map.of());

        assertThat(loaded.workerRequested()).isTrue();
        assertThat(loaded.config().http().managementPort()).isEqualTo(9191);
        assertThat(load(List.of(), Map.of()).workerRequested()).isFalse();
    }

    @Test
    void workerFlagTakesNoValue() {
        assertThatThrownBy(() -> load(List.of("--worker=true"), Map.of()))
                .hasMessageContaining("--worker")
                .hasMessageContaining("takes no value");
    }
}
