package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.ConfigFixtures.failure;
import static dev.bulwark.bootstrap.config.ConfigFixtures.load;
import static dev.bulwark.bootstrap.config.ConfigFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.mcpclient.UpstreamSettings;
import dev.bulwark.ports.upstream.UpstreamTool;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file's upstreams section, and the credential from UPSTREAM_CREDENTIAL_<NAME>. */
class UpstreamConfigTest {

    @TempDir
    Path dir;

    @Test
    void upstreamsAreReadFromTheFileWithTheirDefaults() {
        Path file = write(dir, "bulwark.yaml", """
                upstreams:
                  everything:
                    transport: stdio
                    command: npx
                    args: [-y, "@modelcontextprotocol/server-everything", stdio]
                    env: [LOG_LEVEL=debug]
                    pass-env: [PATH, HOME]
                    working-directory: /srv
                    scope: tools:everything
                    deny: [trigger-sampling-request]
                    rename: [echo=say]
                  search:
                    transport: http
                    url: https://search.internal/mcp
                    prefix: none
                    timeout: 5s
                    max-concurrency: 4
                    max-result-size: 1MiB
                """);

        List<UpstreamSettings> upstreams = load(
                        List.of("--config", file.toString()), Map.of("UPSTREAM_CREDENTIAL_SEARCH", "from-env"))
                .config()
                .upstreams();

        assertThat(upstreams).extracting(UpstreamSettings::name).containsExactly("everything", "search");
        UpstreamSettings everything = upstreams.get(0);
        assertThat(everything.transport()).isEqualTo(UpstreamSettings.Transport.STDIO);
        assertThat(everything.command()).isEqualTo("npx");
        assertThat(everything.args()).containsExactly("-y", "@modelcontextprotocol/server-everything", "stdio");
        assertThat(everything.env()).isEqualTo(Map.of("LOG_LEVEL", "debug"));
        assertThat(everything.passEnv()).containsExactlyInAnyOrder("PATH", "HOME");
        assertThat(everything.workingDirectory()).contains(Path.of("/srv"));
        assertThat(everything.scope()).contains("tools:everything");
        assertThat(everything.exposedName("echo")).isEqualTo("say");
        assertThat(everything.exposedName("get-sum")).isEqualTo("everything_get-sum");
        assertThat(everything.serves("trigger-sampling-request")).isFalse();
        assertThat(everything.timeout()).isEqualTo(UpstreamSettings.DEFAULT_TIMEOUT);
        UpstreamSettings search = upstreams.get(1);
        assertThat(search.url()).contains(URI.create("https://search.internal/mcp"));
        assertThat(search.credential()).isEqualTo(Optional.of("from-env"));
        assertThat(search.exposedName("find")).isEqualTo("find");
        assertThat(search.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(search.maxConcurrency()).isEqualTo(4);
        assertThat(search.maxResultBytes()).isEqualTo(1024 * 1024);
        assertThat(search.toString()).doesNotContain("search.internal", "from-env");
        assertThat(upstreams.get(0).allow()).isEqualTo(Set.of());
    }

    @Test
    void everyProblemOfEveryUpstreamIsReportedOnItsOwnLineWithoutQuotingSecrets() {
        Path file = write(dir, "bulwark.yaml", """
                upstreams:
                  nocommand:
                    transport: stdio
                  badtransport:
                    transport: websocket
                  leaky:
                    transport: http
                    url: https://user:hunter2@search.internal/mcp
                  mixed:
                    transport: http
                    url: https://ok.internal/mcp
                    command: node
                    credential: s3cret
                    credential-file: /run/secrets/token
                  bounds:
                    transport: stdio
                    command: node
                    timeout: 0s
                    max-concurrency: 0
                    max-result-size: 1GiB
                    env: [NOT-A-NAME=s3cretvalue]
                    allow: [a]
                    deny: [a]
                  typo:
                    transport: stdio
                    command: node
                    comand: node
                  Bad_Name:
                    transport: stdio
                    command: node
                """);

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors())
                .extracting(ConfigError::key)
                .containsExactlyInAnyOrder(
                        "upstreams.nocommand.command",
                        "upstreams.badtransport.transport",
                        "upstreams.leaky.url",
                        "upstreams.mixed.command",
                        "upstreams.mixed.credential-file",
                        "upstreams.bounds.timeout",
                        "upstreams.bounds.max-concurrency",
                        "upstreams.bounds.max-result-size",
                        "upstreams.bounds.env",
                        "upstreams.bounds.deny",
                        "upstreams.typo.comand",
                        "upstreams.Bad_Name");
        assertThat(failure.getMessage()).doesNotContain("hunter2", "s3cret", "search.internal");
        assertThat(failure.getMessage().lines().filter(line -> line.contains("upstreams.")))
                .hasSize(12);
    }

    @Test
    void taskSupportIsForbiddenByDefaultAndReadAsAServicesIs() {
        Path file = write(dir, "bulwark.yaml", """
                upstreams:
                  reports:
                    transport: stdio
                    command: node
                    task-support: Required
                  plain:
                    transport: stdio
                    command: node
                """);

        List<UpstreamSettings> upstreams =
                load(List.of("--config", file.toString()), Map.of()).config().upstreams();

        assertThat(upstreams)
                .extracting(UpstreamSettings::taskSupport)
                .containsExactly(UpstreamTool.TaskSupport.REQUIRED, UpstreamTool.TaskSupport.FORBIDDEN);
    }

    @Test
    void aTaskSupportOtherThanTheThreeStopsTheStartOnOneLineNamingIt() {
        Path file = write(dir, "bulwark.yaml", """
                upstreams:
                  reports:
                    transport: stdio
                    command: node
                    task-support: sometimes
                """);

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors()).extracting(ConfigError::key).containsExactly("upstreams.reports.task-support");
        assertThat(failure.getMessage().lines().filter(line -> line.contains("upstreams.reports.task-support")))
                .singleElement()
                .asString()
                .contains("forbidden, optional or required");
    }

    @Test
    void anUpstreamsEraIsReadAndAutoByDefault() {
        Path file = write(dir, "bulwark.yaml", """
                upstreams:
                  search:
                    transport: http
                    url: http://127.0.0.1:9/mcp
                    era: 2026-07-28
                  old:
                    transport: http
                    url: http://127.0.0.1:9/mcp
                    era: 2025-11-25
                  plain:
                    transport: http
                    url: http://127.0.0.1:9/mcp
                """);

        List<UpstreamSettings> upstreams =
                load(List.of("--config", file.toString()), Map.of()).config().upstreams();

        assertThat(upstreams)
                .extracting(UpstreamSettings::era)
                .containsExactly(
                        UpstreamSettings.Era.V2026_07_28, UpstreamSettings.Era.V2025_11_25, UpstreamSettings.Era.AUTO);
    }

    @Test
    void anEraOtherThanTheThreeStopsTheStartOnOneLineNamingIt() {
        Path file = write(dir, "bulwark.yaml", """
                upstreams:
                  search:
                    transport: http
                    url: http://127.0.0.1:9/mcp
                    era: 2027-01-01
                """);

        ConfigException failure = failure(List.of("--config", file.toString()), Map.of());

        assertThat(failure.errors()).extracting(ConfigError::key).containsExactly("upstreams.search.era");
        assertThat(failure.getMessage().lines().filter(line -> line.contains("upstreams.search.era")))
                .singleElement()
                .asString()
                .contains("auto, 2025-11-25 or 2026-07-28");
    }

    @Test
    void aStdioUpstreamMayBeSpokenToIn2026() {
        Path file = write(dir, "bulwark.yaml", """
                upstreams:
                  local:
                    transport: stdio
                    command: node
                    era: 2026-07-28
                """);

        List<UpstreamSettings> upstreams =
                load(List.of("--config", file.toString()), Map.of()).config().upstreams();

        assertThat(upstreams)
                .singleElement()
                .satisfies(upstream -> assertThat(upstream.era()).isEqualTo(UpstreamSettings.Era.V2026_07_28));
    }
}
