package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.redis.DeadPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built server jar in monitor mode ({@code --monitor}) watching a running Bulwark (the same jar over HTTP, with
 * {@code health_check} as the probe) and a dead port, end to end: the monitor's {@code /fleet} and {@code /metrics}
 * over HTTP, its credential from {@code MONITOR_CREDENTIAL_<NAME>} never shown, and a clean stop on SIGTERM (after
 * the tests, in {@link #stopsCleanlyOnSigterm()}).
 */
class FleetMonitorIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CREDENTIAL = "fleet-it-s3cret-credential";

    @TempDir
    static Path workDir;

    /** Held for the whole class, so no other process can start answering on it. */
    private static final DeadPort GONE = new DeadPort();

    private static HttpServerProcess server;
    private static HttpServerProcess monitor;
    private static JsonNode fleet;

    @BeforeAll
    static void watchARunningBulwarkAndADeadPort() throws IOException {
        server = HttpServerProcess.start(workDir, Map.of());
        int deadPort = GONE.port();
        Path config = Files.writeString(workDir.resolve("fleet.yaml"), """
                monitor:
                  interval: 2s
                  targets:
                    bulwark:
                      url: %s
                      probe-tool: health_check
                      timeout: 120s
                    gone:
                      url: http://127.0.0.1:%d/mcp
                      timeout: 3s
                """.formatted(server.mcp(), deadPort));
        monitor = HttpServerProcess.startMonitor(
                workDir, Map.of("MONITOR_CREDENTIAL_GONE", CREDENTIAL), "--config", config.toString());
        // The first round decides the status: the running server's check has a generous timeout, as a busy machine can
        // take more than the default 10 s for a whole check (connect, initialize, list, call) of a fresh server.
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        fleet = JSON.readTree(monitor.get(monitor.operations("/fleet")).body());
        while (fleet.path("status").asText().equals("unknown") && System.nanoTime() < deadline) {
            HttpServerProcess.sleep(200);
            fleet = JSON.readTree(monitor.get(monitor.operations("/fleet")).body());
        }
    }

    /** SIGTERM ends the monitor with status 0, as it does the server; checked once every test has read from it. */
    @AfterAll
    static void stopsCleanlyOnSigterm() throws InterruptedException {
        try {
            if (monitor != null) {
                assertThat(monitor.terminate(Duration.ofSeconds(45)))
                        .as(monitor.stderrText())
                        .isZero();
                assertThat(monitor.stderrText()).contains("Bulwark fleet monitor stopped");
            }
        } finally {
            if (monitor != null) {
                monitor.close();
            }
            if (server != null) {
                server.close();
            }
            GONE.close();
        }
    }

    @Test
    void theFleetStatusShowsTheRunningServerUpAndTheDeadPortDown() {
        assertThat(fleet.path("status").asText()).isEqualTo("degraded");
        JsonNode bulwark = fleet.path("servers").get(0);
        assertThat(bulwark.path("name").asText()).isEqualTo("bulwark");
        assertThat(bulwark.path("status").asText()).isEqualTo("up");
        assertThat(bulwark.path("outcome").asText()).isEqualTo("healthy");
        assertThat(bulwark.path("tools").asInt()).isPositive();
        assertThat(bulwark.path("response_time_seconds").has("tools/call")).isTrue();
        JsonNode gone = fleet.path("servers").get(1);
        assertThat(gone.path("name").asText()).isEqualTo("gone");
        assertThat(gone.path("status").asText()).isEqualTo("down");
        assertThat(gone.path("outcome").asText()).isEqualTo("unreachable");
        assertThat(gone.path("consecutive_failures").asInt()).isPositive();
    }

    @Test
    void theMetricsCarryTheFleetUnderTheTutorialsNames() {
        String metrics = monitor.get(monitor.operations("/metrics")).body();

        assertThat(metrics)
                .contains(
                        "mcp_server_availability{server=\"bulwark\"} 1.0",
                        "mcp_server_availability{server=\"gone\"} 0.0",
                        "mcp_health_checks_total{server=\"gone\",status=\"error\"}",
                        "mcp_response_time_seconds_bucket{method=\"tools/call\",server=\"bulwark\",le=\"0.5\"}",
                        "mcp_response_time_seconds_count{method=\"initialize\",server=\"bulwark\"}");
        assertThat(metrics).contains("mcp_health_checks_total{server=\"bulwark\",status=\"healthy\"}");
        assertThat(monitor.get(monitor.operations("/health")).statusCode()).isEqualTo(200);
    }

    @Test
    void theCredentialIsNamedByItsVariableButNeverShown() {
        String everything = monitor.get(monitor.operations("/metrics")).body()
                + monitor.get(monitor.operations("/fleet")).body()
                + monitor.stderrText();

        assertThat(everything).doesNotContain(CREDENTIAL);
        assertThat(monitor.stderrText())
                .contains("MONITOR_CREDENTIAL_GONE")
                .contains("Bulwark fleet monitor watching 2 MCP servers");
    }
}
