package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.ConfigFixtures.failure;
import static dev.bulwark.bootstrap.config.ConfigFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every problem of a configuration is reported in one pass: rules across keys beside each key's own problems. */
class OnePassErrorsTest {

    @TempDir
    Path dir;

    @Test
    void theManagementPortOnTheMcpPortIsReportedWithAMalformedValueOfAnotherKey() {
        ConfigException failure =
                failure(List.of("--http", "--port", "8181", "--management-port", "8181"), Map.of("CACHE_TTL", "soon"));

        assertThat(failure.errors())
                .extracting(ConfigError::key)
                .containsExactlyInAnyOrder("cache.ttl", "http.management-port");
    }

    @Test
    void aRuleAcrossKeysIsReportedWithAnUnknownKeyInTheFile() {
        Path file = write(dir, "bulwark.yaml", "cahce:\n  ttl: 5\nhttp:\n  port: 8181\n  management-port: 8181\n");

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors())
                .extracting(ConfigError::key)
                .containsExactlyInAnyOrder("cahce", "http.management-port");
    }

    @Test
    void aRuleNamingAKeyWhoseValueWasMalformedIsNotJudgedOnThatKeysDefault() {
        // http.port keeps its default, 8080, when its value is refused: the rule would compare against a port
        // nobody meant
        ConfigException failure = failure(List.of("--http", "--port", "eighty", "--management-port", "8080"), Map.of());

        assertThat(failure.errors())
                .singleElement()
                .satisfies(error -> assertThat(error.key()).isEqualTo("http.port"));
    }

    @Test
    void aMonitorTargetWithABadNameStillHasItsUrlChecked() {
        Path file = write(dir, "bulwark.yaml", """
                monitor:
                  targets:
                    Bad_Name:
                      url: http://user:pw@server-a:8080/mcp
                """);

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors())
                .extracting(ConfigError::key)
                .containsExactly("monitor.targets.Bad_Name", "monitor.targets.Bad_Name.url");
        assertThat(failure.errors().get(1).reason()).startsWith("must not hold user info");
        assertThat(failure.getMessage()).doesNotContain("pw@").doesNotContain("unnamed");
    }

    @Test
    void aMonitorTargetWithAMalformedFieldStillHasItsUrlChecked() {
        Path file = write(dir, "bulwark.yaml", """
                monitor:
                  targets:
                    server-a:
                      url: http://user:pw@server-a:8080/mcp
                      timeout: soon
                """);

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors())
                .extracting(ConfigError::key)
                .containsExactlyInAnyOrder("monitor.targets.server-a.timeout", "monitor.targets.server-a.url");
    }

    @Test
    void aServiceWithABadNameStillHasItsBaseUrlChecked() {
        Path file = write(dir, "bulwark.yaml", """
                services:
                  Bad_Name:
                    base-url: https://user:pw@api.example.com/v1/
                """);

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors())
                .extracting(ConfigError::key)
                .containsExactly("services.Bad_Name", "services.Bad_Name.base-url");
        assertThat(failure.getMessage()).doesNotContain("pw@").doesNotContain("unnamed");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http:\n  port: 9\n  management-port: [\n", // a list that never closes
                "key: value: other\n", // a broken line read as an unknown key first
                "cache:\n  ttl: 5\n  max-entries: 3\n   enabled: true\n", // two lines folded into one value
                "cache:\n  ttl: 5\ncache:\n  ttl: [\n", // a duplicate before the break
            })
    void brokenYamlReportsExactlyItsParseErrorWithLineAndColumn(String yaml) {
        Path file = write(dir, "broken.yaml", yaml);

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("config");
            assertThat(error.source()).matches("file .*broken\\.yaml, line \\d+, column \\d+");
            assertThat(error.reason()).startsWith("not valid YAML");
        });
    }

    @Test
    void brokenYamlDoesNotHideTheCommandLinesProblems() {
        Path file = write(dir, "broken.yaml", "cache: {ttl: 5\n");

        ConfigException failure =
                failure(List.of("--config", file.toString(), "--max-concurrent-calls", "0"), Map.of());

        assertThat(failure.errors())
                .extracting(ConfigError::key)
                .containsExactlyInAnyOrder("config", "limits.max-concurrent-calls");
    }

    @Test
    void aRuleNamingAKeyTheUnreadableFileMayHaveSetIsNotJudged() {
        // the file may have moved http.port; the rule would compare against its default
        Path file = write(dir, "broken.yaml", "http: {port: 9000\n");

        ConfigException failure =
                failure(List.of("--config", file.toString(), "--http", "--management-port", "8080"), Map.of());

        assertThat(failure.errors())
                .singleElement()
                .satisfies(error -> assertThat(error.key()).isEqualTo("config"));
    }
}
