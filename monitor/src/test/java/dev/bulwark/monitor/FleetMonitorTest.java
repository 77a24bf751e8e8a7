package dev.bulwark.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.monitor.FleetServers.Running;
import dev.bulwark.ports.time.Ticker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitor against real servers on loopback: a running Bulwark (open, and behind an API key), servers that answer
 * 401 and 500 to everything, and a dead port, all watched at once. Waits for the first check of every target with a
 * generous deadline; asserts outcomes, never durations.
 */
class FleetMonitorTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static Running open;
    private static Running secured;
    private static Running unauthorized;
    private static Running failing;
    private static Running dead;
    private static ServerSocket silent;
    private static PrometheusMeterRegistry registry;
    private static FleetMonitor monitor;
    private static Map<String, FleetStatus.ServerStatus> byName;

    @BeforeAll
    static void watchTheFleet() throws InterruptedException, IOException {
        open = FleetServers.bulwark();
        secured = FleetServers.securedBulwark();
        unauthorized = FleetServers.refusing(401);
        failing = FleetServers.refusing(500);
        dead = FleetServers.deadPort();
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); // connects, never answers
        List<MonitorTarget> targets = List.of(
                MonitorTarget.builder("open").url(open.url()).probeTool("ping").build(),
                MonitorTarget.builder("broken-probe")
                        .url(open.url())
                        .probeTool("broken")
                        .build(),
                MonitorTarget.builder("missing-probe")
                        .url(open.url())
                        .probeTool("no_such_tool")
                        .build(),
                MonitorTarget.builder("sick").url(open.url()).probeTool("sick").build(),
                MonitorTarget.builder("limping")
                        .url(open.url())
                        .probeTool("limping")
                        .build(),
                MonitorTarget.builder("secured")
                        .url(secured.url())
                        .credentialHeader("X-API-Key")
                        .credential(FleetServers.API_KEY)
                        .probeTool("ping")
                        .build(),
                MonitorTarget.builder("secured-bearer")
                        .url(secured.url())
                        .credential(FleetServers.API_KEY)
                        .build(),
                MonitorTarget.builder("no-credential").url(secured.url()).build(),
                MonitorTarget.builder("refuses").url(unauthorized.url()).build(),
                MonitorTarget.builder("fails").url(failing.url()).build(),
                MonitorTarget.builder("dead")
                        .url(dead.url())
                        .timeout(DEADLINE) // refused at once; a timeout would be another outcome
                        .build(),
                MonitorTarget.builder("silent")
                        .url("http://127.0.0.1:" + silent.getLocalPort() + "/mcp")
                        .timeout(Duration.ofMillis(500))
                        .build());
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        monitor = FleetMonitor.start(
                MonitorSettings.defaults()
                        .withEnabled(true)
                        .withConcurrency(3)
                        .withInterval(Duration.ofHours(1))
                        .withTargets(targets),
                registry,
                Clock.systemUTC(),
                Ticker.system(),
                "test");
        Instant deadline = Instant.now().plus(DEADLINE);
        while (monitor.status().overall().equals("unknown") && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        byName = monitor.status().servers().stream()
                .collect(Collectors.toMap(FleetStatus.ServerStatus::name, Function.identity()));
    }

    @AfterAll
    static void stop() throws IOException {
        if (silent != null) {
            silent.close();
        }
        if (monitor != null) {
            monitor.close();
        }
        for (Running server : new Running[] {open, secured, unauthorized, failing, dead}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void everyTargetIsCheckedInTheFirstRound() {
        assertThat(monitor.status().overall()).isEqualTo("degraded");
        assertThat(monitor.status().servers())
                .extracting(FleetStatus.ServerStatus::name)
                .containsExactly(
                        "open",
                        "broken-probe",
                        "missing-probe",
                        "sick",
                        "limping",
                        "secured",
                        "secured-bearer",
                        "no-credential",
                        "refuses",
                        "fails",
                        "dead",
                        "silent");
    }

    @Test
    void aRunningBulwarkIsHealthyWithItsToolsListedAndTheProbeAnswered() {
        CheckResult open = outcomeOf("open");
        assertThat(open.outcome()).isEqualTo(CheckOutcome.HEALTHY);
        assertThat(open.tools()).hasValue(5);
        assertThat(open.durations()).containsOnlyKeys("initialize", "tools/list", "tools/call");
        assertThat(byName.get("open").lastHealthyAt()).hasValue(open.checkedAt());
        assertThat(byName.get("open").consecutiveFailures()).isZero();
    }

    @Test
    void aProbeThatFailsOrIsNotListedMakesTheServerUnhealthy() {
        assertThat(outcomeOf("broken-probe").outcome()).isEqualTo(CheckOutcome.PROBE_FAILED);
        assertThat(outcomeOf("broken-probe").durations()).containsKey("tools/call");
        assertThat(outcomeOf("missing-probe").outcome()).isEqualTo(CheckOutcome.PROBE_FAILED);
        assertThat(byName.get("missing-probe").consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void aProbeReportingItsServerUnhealthyOrDegradedIsReportedSo() {
        assertThat(outcomeOf("sick").outcome()).isEqualTo(CheckOutcome.UNHEALTHY);
        assertThat(byName.get("sick").state()).isEqualTo("down");
        assertThat(outcomeOf("limping").outcome()).isEqualTo(CheckOutcome.DEGRADED);
        assertThat(byName.get("limping").state()).isEqualTo("degraded");
        assertThat(byName.get("limping").lastHealthyAt()).isEmpty();
        assertThat(registry.scrape())
                .contains("mcp_server_availability{server=\"sick\"} 0.0")
                .contains("mcp_health_checks_total{server=\"sick\",status=\"unhealthy\"} 1.0")
                .contains("mcp_server_availability{server=\"limping\"} 1.0")
                .contains("mcp_health_checks_total{server=\"limping\",status=\"degraded\"} 1.0");
    }

    @Test
    void theTargetsCredentialIsSentInItsHeader() {
        assertThat(outcomeOf("secured").outcome()).isEqualTo(CheckOutcome.HEALTHY);
        assertThat(outcomeOf("secured-bearer").outcome()).isEqualTo(CheckOutcome.HEALTHY);
        assertThat(outcomeOf("no-credential").outcome()).isEqualTo(CheckOutcome.UNAUTHORIZED);
        assertThat(outcomeOf("no-credential").httpStatus()).hasValue(401);
    }

    @Test
    void aServerThatRefusesIsUnhealthyAndADeadPortIsAnError() {
        assertThat(outcomeOf("refuses").outcome()).isEqualTo(CheckOutcome.UNAUTHORIZED);
        assertThat(outcomeOf("fails").outcome()).isEqualTo(CheckOutcome.HTTP_ERROR);
        assertThat(outcomeOf("dead").outcome()).isEqualTo(CheckOutcome.UNREACHABLE);
        assertThat(outcomeOf("dead").durations()).isEmpty();
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        assertThat(outcomeOf("silent").outcome()).isEqualTo(CheckOutcome.TIMEOUT);
        assertThat(registry.scrape()).contains("mcp_health_checks_total{server=\"silent\",status=\"error\"} 1.0");
    }

    @Test
    void eachTargetWaitsForItsOwnTimeout() throws InterruptedException {
        // Two silent targets checked at once: the one allowed 500 ms times out while the one allowed 5 minutes is
        // still waiting. Were the targets' timeouts ignored, both would end together at the default 10 s.
        String url = "http://127.0.0.1:" + silent.getLocalPort() + "/mcp";
        try (FleetMonitor both = FleetMonitor.start(
                MonitorSettings.defaults()
                        .withEnabled(true)
                        .withConcurrency(2)
                        .withInterval(Duration.ofHours(1))
                        .withTargets(List.of(
                                MonitorTarget.builder("quick")
                                        .url(url)
                                        .timeout(Duration.ofMillis(500))
                                        .build(),
                                MonitorTarget.builder("patient")
                                        .url(url)
                                        .timeout(Duration.ofMinutes(5))
                                        .build())),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.systemUTC(),
                Ticker.system(),
                "test")) {
            Instant deadline = Instant.now().plus(DEADLINE);
            while (lastOf(both, "quick").isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }

            assertThat(lastOf(both, "quick"))
                    .get()
                    .extracting(CheckResult::outcome)
                    .isEqualTo(CheckOutcome.TIMEOUT);
            assertThat(lastOf(both, "patient"))
                    .as("still waiting for its own timeout")
                    .isEmpty();
        }
    }

    private static Optional<CheckResult> lastOf(FleetMonitor watching, String name) {
        return watching.status().servers().stream()
                .filter(server -> server.name().equals(name))
                .findFirst()
                .flatMap(FleetStatus.ServerStatus::last);
    }

    @Test
    void theMetricsCarryTheTutorialsNamesAndLabels() {
        String text = registry.scrape();
        assertThat(text)
                .contains("mcp_server_availability{server=\"open\"} 1.0")
                .contains("mcp_server_availability{server=\"dead\"} 0.0")
                .contains("mcp_server_availability{server=\"fails\"} 0.0")
                .contains("mcp_health_checks_total{server=\"open\",status=\"healthy\"} 1.0")
                .contains("mcp_health_checks_total{server=\"refuses\",status=\"unhealthy\"} 1.0")
                .contains("mcp_health_checks_total{server=\"dead\",status=\"error\"} 1.0")
                .contains("mcp_response_time_seconds_bucket{method=\"tools/call\",server=\"open\",le=\"2.0\"}")
                .contains("mcp_response_time_seconds_count{method=\"initialize\",server=\"secured\"} 1");
        assertThat(text).doesNotContain(FleetServers.API_KEY).doesNotContain("127.0.0.1");
    }

    @Test
    void theCredentialIsNeverShownByTheTarget() {
        MonitorTarget target = MonitorTarget.builder("x")
                .url("http://example.test/mcp")
                .credential("s3cret-value")
                .build();
        assertThat(target.toString()).doesNotContain("s3cret-value").contains("credential set");
    }

    private static CheckResult outcomeOf(String name) {
        assertThat(byName.get(name).last()).as("checked: " + name).isPresent();
        return byName.get(name).last().orElseThrow();
    }
}
