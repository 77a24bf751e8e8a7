package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.ConfigFixtures.failure;
import static dev.bulwark.bootstrap.config.ConfigFixtures.load;
import static dev.bulwark.bootstrap.config.ConfigFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.monitor.MonitorSettings;
import dev.bulwark.monitor.MonitorTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor.* keys, the file's monitor.targets section, and the credential from MONITOR_CREDENTIAL_<NAME>. */
class MonitorConfigTest {

    @TempDir
    Path dir;

    @Test
    void targetsAreReadFromTheFileWithTheirDefaultsAndTheKeysFromEverySource() {
        Path file = write(dir, "bulwark.yaml", """
                monitor:
                  enabled: true
                  interval: 15s
                  targets:
                    orders-mcp:
                      url: https://orders.internal/mcp
                      probe-tool: health_check
                      timeout: 3s
                      credential: from-file
                    billing:
                      url: http://billing:8080/mcp
                      credential-header: X-API-Key
                """);

        LoadedConfig loaded = load(
                List.of("--config", file.toString(), "--monitor-port", "9500"),
                Map.of("MCP_MONITOR_CONCURRENCY", "2", "MONITOR_CREDENTIAL_ORDERS_MCP", "from-env"));

        MonitorSettings monitor = loaded.config().monitor();
        assertThat(monitor.enabled()).isTrue();
        assertThat(monitor.interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(monitor.port()).isEqualTo(9500);
        assertThat(monitor.concurrency()).isEqualTo(2);
        assertThat(monitor.host()).isEqualTo("127.0.0.1");
        assertThat(monitor.targets())
                .containsExactly(
                        new MonitorTarget(
                                "orders-mcp",
                                URI.create("https://orders.internal/mcp"),
                                Duration.ofSeconds(3),
                                Optional.of("health_check"),
                                "Authorization",
                                Optional.of("from-env")),
                        new MonitorTarget(
                                "billing",
                                URI.create("http://billing:8080/mcp"),
                                MonitorTarget.DEFAULT_TIMEOUT,
                                Optional.empty(),
                                "X-API-Key",
                                Optional.empty()));
        assertThat(String.join("\n", loaded.describe()))
                .contains(
                        "monitor.targets.orders-mcp", "credential: environment variable MONITOR_CREDENTIAL_ORDERS_MCP")
                .doesNotContain("from-env")
                .doesNotContain("from-file")
                .doesNotContain("orders.internal");
    }

    @Test
    void theMonitorIsOffByDefaultAndTheFlagTurnsItOn() {
        assertThat(ServerConfig.defaults().monitor()).isEqualTo(MonitorSettings.defaults());
        assertThat(MonitorSettings.defaults().enabled()).isFalse();
        Path file = write(dir, "bulwark.yaml", "monitor:\n  targets:\n    a:\n      url: http://a/mcp\n");
        assertThat(load(List.of("--config", file.toString(), "--monitor"), Map.of())
                        .config()
                        .monitor()
                        .enabled())
                .isTrue();
    }

    @Test
    void theMonitorWithoutTargetsIsRefused() {
        ConfigException failure = failure(new ConfigLoader(), List.of("--monitor"), Map.of());

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("monitor.enabled");
            assertThat(error.reason()).contains("names no target");
        });
    }

    @Test
    void everyProblemOfEveryTargetIsReportedWithoutQuotingUrlsOrCredentials() {
        Path file = write(dir, "bulwark.yaml", """
                monitor:
                  concurrency: 100
                  targets:
                    leaky:
                      url: https://user:pa55word@orders.internal/mcp
                    querying:
                      url: https://orders.internal/mcp?token=t0ken
                    nourl:
                      probe-tool: ping
                    typo:
                      url: http://a/mcp
                      timout: 2s
                    Bad_Name:
                      url: http://b/mcp
                    slow:
                      url: http://c/mcp
                      timeout: 1h
                """);

        ConfigException failure = failure(
                new ConfigLoader(),
                List.of("--config", file.toString()),
                Map.of("MONITOR_CREDENTIAL_TYPO", "bad\u0007s3cret"));

        assertThat(failure.errors())
                .extracting(ConfigError::key)
                .containsExactlyInAnyOrder(
                        "monitor.concurrency",
                        "monitor.targets.leaky.url",
                        "monitor.targets.querying.url",
                        "monitor.targets.nourl.url",
                        "monitor.targets.typo.timout",
                        "monitor.targets.typo.credential",
                        "monitor.targets.Bad_Name",
                        "monitor.targets.slow.timeout");
        assertThat(failure.errors())
                .filteredOn(error -> error.key().equals("monitor.targets.typo.timout"))
                .singleElement()
                .satisfies(error -> assertThat(error.reason()).isEqualTo("unknown key; did you mean timeout?"));
        assertThat(failure.errors())
                .filteredOn(error -> error.key().equals("monitor.targets.leaky.url"))
                .singleElement()
                .satisfies(error -> {
                    assertThat(error.reason()).startsWith("must not hold user info");
                    assertThat(error.source()).startsWith("file " + file + ", line 5");
                });
        assertThat(failure.getMessage())
                .doesNotContain("pa55word")
                .doesNotContain("t0ken")
                .doesNotContain("s3cret");
    }

    @Test
    void aBadCredentialFromTheEnvironmentIsNamedButNotQuoted() {
        Path file = write(dir, "bulwark.yaml", "monitor:\n  targets:\n    a:\n      url: http://a/mcp\n");

        ConfigException failure = failure(
                new ConfigLoader(),
                List.of("--config", file.toString()),
                Map.of("MONITOR_CREDENTIAL_A", "s3cret\u0001"));

        assertThat(failure.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("monitor.targets.a.credential");
            assertThat(error.source()).isEqualTo("environment variable MONITOR_CREDENTIAL_A");
            assertThat(error.reason()).doesNotContain("s3cret");
        });
    }
}
