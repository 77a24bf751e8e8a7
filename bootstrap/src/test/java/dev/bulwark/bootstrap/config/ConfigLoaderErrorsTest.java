package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.ConfigFixtures.failure;
import static dev.bulwark.bootstrap.config.ConfigFixtures.load;
import static dev.bulwark.bootstrap.config.ConfigFixtures.resource;
import static dev.bulwark.bootstrap.config.ConfigFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.config.ConfigKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderErrorsTest {

    @TempDir
    Path dir;

    @Test
    void severalErrorsAreReportedTogetherEachNamingItsKey() {
        Path file = write(dir, "bulwark.yaml", "cache:\n  tll: 5\n");

        ConfigException failure = failure(
                List.of("--config", file.toString(), "--max-concurrent-calls=0", "--no-such-flag"),
                Map.of("CACHE_TTL", "soon", "MAX_REQUEST_SIZE", "2XB"));

        assertThat(failure.errors())
                .extracting(ConfigError::key)
                .containsExactlyInAnyOrder(
                        "cache.tll",
                        "limits.max-concurrent-calls",
                        "--no-such-flag",
                        "cache.ttl",
                        "limits.max-request-size");
        assertThat(failure.getMessage()).startsWith("Invalid configuration (5 errors):");
    }

    @Test
    void eachErrorSaysWhereTheValueCameFromAndWhy() {
        ConfigException failure = failure(List.of(), Map.of("CACHE_TTL", "soon"));

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("cache.ttl");
            assertThat(error.source()).isEqualTo("environment variable CACHE_TTL");
            assertThat(error.reason()).startsWith("'soon' is not a duration");
        });
    }

    @Test
    void unknownFileKeySuggestsTheNearKey() {
        Path file = write(dir, "bulwark.yaml", "cache:\n  tll: 5\n");

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("cache.tll");
            assertThat(error.source()).isEqualTo("file " + file + ", line 2, column 3");
            assertThat(error.reason()).isEqualTo("unknown key; did you mean cache.ttl?");
        });
    }

    @Test
    void unknownFileSectionSuggestsTheNearSection() {
        Path file = write(dir, "bulwark.yaml", "rateLimit:\n  per-minute: 5\n");

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.source()).as("the section's own line").isEqualTo("file " + file + ", line 1, column 1");
            assertThat(error.reason()).isEqualTo("unknown key; did you mean rate-limit?");
        });
    }

    @Test
    void unknownFileKeyWithoutAnyNearKeyGetsNoSuggestion() {
        Path file = write(dir, "bulwark.yaml", "completely-unrelated: 5\n");

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors())
                .singleElement()
                .satisfies(error -> assertThat(error.reason()).isEqualTo("unknown key"));
    }

    @Test
    void unknownFlagIsReportedWithTheNearFlag() {
        ConfigException failure = failure(List.of("--cache-tll", "5"), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("--cache-tll");
            assertThat(error.reason()).isEqualTo("unknown flag; did you mean --cache-ttl?");
        });
    }

    @Test
    void aSecretStartingWithDashesAfterItsFlagIsNeverEchoed() {
        ConfigException failure = failure(List.of("--jwt-secret", "--k3y-of-base64url-0123456789abcdef"), Map.of());

        assertThat(failure.errors()).hasSize(2);
        assertThat(failure.errors().toString()).doesNotContain("k3y-of-base64url");
        assertThat(failure.errors()).anySatisfy(error -> {
            assertThat(error.key()).isEqualTo("argument 2");
            assertThat(error.reason()).contains("not shown").contains("--name=value");
        });
    }

    @Test
    void anUnknownFlagThatIsNoFlagNameIsNotEchoed() {
        ConfigException failure = failure(List.of("--Xy9+/abc=="), Map.of());

        assertThat(failure.errors().toString()).doesNotContain("Xy9");
    }

    @Test
    void flagWithoutItsValueIsReported() {
        ConfigException failure = failure(List.of("--cache-ttl"), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("cache.ttl");
            assertThat(error.reason()).isEqualTo("needs a value (duration)");
        });
    }

    @Test
    void flagGivenTwiceStillReportsAMalformedEarlierValue() {
        ConfigException failure = failure(List.of("--port", "abc", "--port", "18400"), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("http.port");
            assertThat(error.source()).isEqualTo("flag --port");
            assertThat(error.reason()).isEqualTo("'abc' is not a whole number");
        });
    }

    @Test
    void booleanFlagGivenTwiceStillReportsAMalformedEarlierValue() {
        ConfigException failure = failure(List.of("--debug=maybe", "--debug"), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("log.debug");
            assertThat(error.source()).isEqualTo("flag --debug");
        });
    }

    @Test
    void strayArgumentIsReportedWithoutEchoingIt() {
        ConfigException failure = failure(List.of("--server-name", "acme", "stray-value"), Map.of());

        assertThat(failure.errors())
                .singleElement()
                .satisfies(error -> assertThat(error.key()).isEqualTo("argument 3"));
        assertThat(failure.getMessage()).doesNotContain("stray-value");
    }

    @Test
    void missingConfigFileIsReported() {
        Path missing = dir.resolve("missing.yaml");

        ConfigException failure = failure(List.of("--config", missing.toString()), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("config");
            assertThat(error.source()).isEqualTo("flag --config");
            assertThat(error.reason()).isEqualTo("file " + missing + " does not exist");
        });
    }

    @Test
    void configFileThatIsADirectoryIsReported() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("conf.yaml"));

        ConfigException failure = failure(List.of("--config", directory.toString()), Map.of());

        assertThat(failure.errors())
                .singleElement()
                .satisfies(error -> assertThat(error.reason()).isEqualTo(directory + " is a directory, not a file"));
    }

    @Test
    void configFileWithAnUnknownExtensionIsReported() {
        Path file = write(dir, "bulwark.toml", "[cache]\nttl = 5\n");

        ConfigException failure = failure(List.of(), Map.of("MCP_CONFIG", file.toString()));

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.source()).isEqualTo("environment variable MCP_CONFIG");
            assertThat(error.reason()).contains("must end in .yaml, .yml or .json");
        });
    }

    @Test
    void unparsableYamlIsReportedWithLineAndColumnButNotItsContent() {
        Path file = write(dir, "broken.yaml", "server:\n  name: fine\n  version: 'unterminated-secret-ish\n");

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("config");
            assertThat(error.source()).matches("file .*broken\\.yaml, line \\d+, column \\d+");
            assertThat(error.reason()).startsWith("not valid YAML");
        });
        assertThat(failure.getMessage())
                .doesNotContain("unterminated-secret-ish")
                .doesNotContain("fine");
    }

    @Test
    void unparsableJsonIsReportedWithLineAndColumnButNotItsContent() {
        Path file = write(dir, "broken.json", "{\n  \"server\": {\"name\": hunter2}\n}\n");

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.source()).isEqualTo("file " + file + ", line 2, column 22");
            assertThat(error.reason()).isEqualTo("not valid JSON");
        });
        assertThat(failure.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void booleanFlagFollowedByAWordThatIsNotABooleanRefusesItAsTheFlagsValue() {
        ConfigException failure = failure(List.of("--debug", "maybe"), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("log.debug");
            assertThat(error.source()).isEqualTo("flag --debug");
            assertThat(error.reason())
                    .isEqualTo("takes no value, or true or false; the argument after it is not true or false");
        });
        assertThat(failure.getMessage()).doesNotContain("maybe");
    }

    @Test
    void everyBooleanFlagRefusesAWordThatIsNotABooleanAfterIt() {
        List<ConfigKey<ServerConfig, ?>> booleans =
                ConfigKeys.all().stream().filter(key -> key.type().isBoolean()).toList();

        assertThat(booleans)
                .isNotEmpty()
                .allSatisfy(key -> assertThat(
                                failure(List.of(key.flag(), "maybe"), Map.of()).errors())
                        .singleElement()
                        .satisfies(error -> assertThat(error.key()).isEqualTo(key.path())));
    }

    @Test
    void anUnknownHttpModeIsQuotedOnce() {
        ConfigException failure = failure(List.of("--http-mode", "weird"), Map.of());

        assertThat(failure.errors())
                .singleElement()
                .satisfies(error -> assertThat(error.reason()).isEqualTo("'weird' must be stateful or stateless"));
    }

    @Test
    void aRequestSizeBeyondOneGibibyteIsRefused() {
        ConfigException failure = failure(List.of("--max-request-size", "2GiB"), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("limits.max-request-size");
            assertThat(error.reason()).startsWith("must be at most 1GiB");
        });
    }

    @Test
    void aResultSizeBeyondOneGibibyteIsRefused() {
        ConfigException failure = failure(List.of("--max-result-size", "2GiB"), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("limits.max-result-size");
            assertThat(error.reason()).startsWith("must be at most 1GiB");
        });
    }

    @Test
    void theManagementPortMayNotBeTheMcpPort() {
        ConfigException failure = failure(List.of("--http", "--port", "8181", "--management-port", "8181"), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("http.management-port");
            assertThat(error.source()).isEqualTo("flag --management-port");
            assertThat(error.reason()).startsWith("is the same as http.port (8181)");
        });
    }

    @Test
    void aToolTimeoutNoLongerThanTheWaitForADatabaseConnectionIsRefused() {
        ConfigException failure = failure(
                List.of("--tool-timeout", "2s"), Map.of("DATABASE_URL", "postgres://app:pw@db.internal:5432/app"));

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("limits.tool-timeout");
            assertThat(error.source()).isEqualTo("flag --tool-timeout");
            assertThat(error.reason())
                    .startsWith("(2000 ms) must be longer than database.connection-timeout")
                    .doesNotContain("pw", "db.internal");
        });
    }

    @Test
    void aShortToolTimeoutIsFineOnTheEmbeddedDatabase() throws ConfigException {
        assertThat(new ConfigLoader()
                        .load(List.of("--tool-timeout", "2s"), Map.of())
                        .config()
                        .core()
                        .limits()
                        .toolTimeout())
                .isEqualTo(java.time.Duration.ofSeconds(2));
    }

    @Test
    void theMcpPortMayBeSetToTheDefaultManagementPortWhenThatMovesToo() throws ConfigException {
        assertThat(new ConfigLoader()
                        .load(List.of("--http", "--port", "9090", "--management-port", "9091"), Map.of())
                        .config()
                        .http()
                        .port())
                .isEqualTo(9090);
    }

    @Test
    void aConnectionTimeoutBelowThePoolsLeastIsRefused() {
        ConfigException failure = failure(List.of("--database-connection-timeout", "100ms"), Map.of());

        assertThat(failure.errors())
                .singleElement()
                .satisfies(error ->
                        assertThat(error.reason()).isEqualTo("must be at least 250ms (the pool's least), was 100ms"));
    }

    @Test
    void oneSqlLoginPasswordWithoutTheOtherIsRefusedWithoutShowingIt() {
        ConfigException failure = failure(
                List.of(),
                Map.of(
                        "DATABASE_URL", "postgres://app@db.example.com/app",
                        "DATABASE_SQL_READER_PASSWORD", "reader-s3cret"));

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("database.sql-writer-password");
            assertThat(error.reason()).startsWith("must be set with database.sql-reader-password");
        });
        assertThat(failure.getMessage()).doesNotContain("reader-s3cret");
    }

    @Test
    void sqlLoginPasswordsNeedAPostgresUrl() {
        ConfigException failure = failure(
                List.of(),
                Map.of(
                        "DATABASE_SQL_READER_PASSWORD",
                        "reader-s3cret",
                        "DATABASE_SQL_WRITER_PASSWORD",
                        "writer-s3cret"));

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("database.sql-reader-password");
            assertThat(error.reason()).startsWith("needs database.url");
        });
        assertThat(failure.getMessage()).doesNotContain("s3cret");
    }

    @Test
    void theServersOwnSchemaCannotBeOpenedToTheSqlTools() {
        ConfigException failure = failure(List.of("--database-allowed-schemas", "public,BULWARK"), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("database.allowed-schemas");
            assertThat(error.reason())
                    .isEqualTo(
                            "may not name 'bulwark': it holds the server's own tables, which the SQL tools must not reach");
        });
    }

    @Test
    void valueRejectedByACoreRecordIsAttributedToItsKey() {
        ConfigException failure = failure(List.of("--cache-max-entries=0"), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("cache.max-entries");
            assertThat(error.source()).isEqualTo("flag --cache-max-entries");
            assertThat(error.reason()).isEqualTo("must be at least 1, was 0");
        });
    }

    @Test
    void anEmptyRedisKeyPrefixIsRefusedSoDeploymentsSharingARedisCannotCollide() {
        ConfigException failure = failure(List.of("--redis-key-prefix="), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("redis.key-prefix");
            assertThat(error.source()).isEqualTo("flag --redis-key-prefix");
            assertThat(error.reason()).startsWith("must not be empty or blank");
        });
    }

    @Test
    void aBlankRedisKeyPrefixIsRefusedToo() {
        ConfigException failure = failure(List.of("--redis-key-prefix", "  "), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("redis.key-prefix");
            assertThat(error.reason()).startsWith("must not be empty or blank");
        });
    }

    @Test
    void twoValuesRejectedByTheSameRecordAreBothReported() {
        ConfigException failure = failure(List.of("--cache-max-entries=0", "--cache-ttl=0"), Map.of());

        assertThat(failure.errors())
                .extracting(ConfigError::key)
                .containsExactlyInAnyOrder("cache.max-entries", "cache.ttl");
    }

    @Test
    void malformedValueIsReportedEvenWhenAHigherSourceOverridesIt() {
        Path file = write(dir, "bulwark.yaml", "cache:\n  ttl: soon\n");

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of("CACHE_TTL", "5"));

        assertThat(failure.errors())
                .singleElement()
                .satisfies(error -> assertThat(error.source()).startsWith("file " + file));
    }

    @Test
    void sectionGivenAValueIsReported() {
        Path file = write(dir, "bulwark.yaml", "cache: 5\n");

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("cache");
            assertThat(error.reason())
                    .isEqualTo("must be a section holding enabled, ttl, max-entries, found a single value");
        });
    }

    @Test
    void keyGivenASectionIsReported() {
        Path file = write(dir, "bulwark.yaml", "cache:\n  ttl:\n    seconds: 5\n");

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors())
                .singleElement()
                .satisfies(error -> assertThat(error.reason()).isEqualTo("expected a single value, found a section"));
    }

    @Test
    void keyWithoutAValueInTheFileIsReported() {
        Path file = write(dir, "bulwark.yaml", "cache:\n  ttl:\n");

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors())
                .singleElement()
                .satisfies(error ->
                        assertThat(error.reason()).isEqualTo("has no value; remove the key to use the default"));
    }

    @Test
    void keySetTwiceInTheFileIsReported() {
        Path file = write(dir, "bulwark.json", "{\"cache\": {\"ttl\": 5}, \"cache.ttl\": 6}");

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors())
                .singleElement()
                .satisfies(error -> assertThat(error.reason()).isEqualTo("is set more than once in the file"));
    }

    @Test
    void duplicateYamlKeyIsNamedWithBothLinesButNotItsValues() {
        Path file = write(dir, "dup.yaml", "cache:\n  ttl: 10s\n  ttl: hunter2\n");

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("cache.ttl");
            assertThat(error.source()).isEqualTo("file " + file + ", line 3, column 3");
            assertThat(error.reason()).isEqualTo("duplicate key, first given on line 2; keep one");
        });
        assertThat(failure.getMessage()).doesNotContain("10s").doesNotContain("hunter2");
    }

    @Test
    void duplicateYamlSectionIsRefusedRatherThanMerged() {
        Path file = write(dir, "dup.yaml", "cache:\n  ttl: 10s\ncache:\n  max-entries: 5\n");

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("cache");
            assertThat(error.source()).isEqualTo("file " + file + ", line 3, column 1");
            assertThat(error.reason()).isEqualTo("duplicate key, first given on line 1; keep one");
        });
    }

    @Test
    void monitorTargetsGivenAsADottedKeyAndInsideMonitorIsRefusedRatherThanOneDropped() {
        Path file = write(
                dir,
                "targets.yaml",
                "monitor.targets:\n  a:\n    url: http://127.0.0.1:1/mcp\n"
                        + "monitor:\n  targets:\n    b:\n      url: http://127.0.0.1:2/mcp\n");

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("monitor.targets");
            assertThat(error.source()).isEqualTo("file " + file + ", line 5, column 3");
            assertThat(error.reason()).isEqualTo("is given more than once in the file; keep one");
        });
    }

    @Test
    void duplicateJsonSectionIsRefusedRatherThanMerged() {
        Path file = write(dir, "dup.json", "{\"cache\": {\"ttl\": 5},\n \"cache\": {\"max-entries\": 5}}");

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("cache");
            assertThat(error.reason()).isEqualTo("duplicate key, first given on line 1; keep one");
        });
    }

    @Test
    void duplicateKeyDoesNotHideTheFilesOtherProblems() {
        Path file = write(dir, "dup.yaml", "cache:\n  ttl: 10s\n  ttl: 20s\n  tll: 5\n");

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors()).extracting(ConfigError::key).containsExactly("cache.ttl", "cache.tll");
    }

    @Test
    void yamlTagsInstantiateNothing() {
        ConfigException failure =
                failure(List.of("--config", resource("config/gadget.yaml").toString()), Map.of());

        // The tagged scalar is read as its plain text; the tagged gadget is only a list where a value belongs.
        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("server.environment");
            assertThat(error.reason()).isEqualTo("expected a single value, found a list");
        });
    }

    @Test
    void yamlTaggedScalarIsReadAsPlainText() {
        Path file = write(dir, "tagged.yaml", "server:\n  name: !!java.net.URL \"http://example.invalid/\"\n");

        assertThat(load(List.of("--config", file.toString()), Map.of())
                        .config()
                        .core()
                        .server()
                        .name())
                .isEqualTo("http://example.invalid/");
    }

    @Test
    void yamlAliasesAreRefused() {
        Path file = write(dir, "aliases.yaml", "server:\n  name: &n acme\n  environment: *n\n");

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("server.environment");
            assertThat(error.reason()).startsWith("YAML aliases (*name) are not supported");
        });
    }

    @Test
    void configExceptionRequiresAtLeastOneError() {
        assertThatThrownBy(() -> new ConfigException(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
