package dev.bulwark.bootstrap.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.RateLimitSettings;
import dev.bulwark.monitor.CheckOutcome;
import dev.bulwark.monitor.CheckResult;
import dev.bulwark.monitor.FleetMonitor;
import dev.bulwark.monitor.FleetStatus;
import dev.bulwark.monitor.MonitorSettings;
import dev.bulwark.monitor.MonitorTarget;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.postgres.JdbcDatabase;
import dev.bulwark.postgres.PostgresDatabases;
import dev.bulwark.postgres.PostgresServer;
import dev.bulwark.serve.BulwarkHttp;
import dev.bulwark.tools.BuiltInTools;
import dev.bulwark.tools.business.sql.SqlToolSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet monitor, with the documented settings ({@code probe-tool: health_check}), watching a Bulwark served over
 * real HTTP on a real PostgreSQL that stops and starts again mid-test. The server's rate limit is one call a minute,
 * shared by every caller: the monitor's probes, one a second, must never meet it. Every wait is for an event, with a
 * generous deadline.
 */
class FleetMonitorDatabaseOutageTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();
    private PostgresServer postgres;
    private JdbcDatabase database;
    private Bulwark bulwark;
    private BulwarkHttp server;
    private PrometheusMeterRegistry registry;
    private FleetMonitor monitor;

    @BeforeEach
    void start() {
        postgres = PostgresServer.start();
        database = PostgresDatabases.open(postgres, 2);
        bulwark = Bulwark.builder(BulwarkConfig.builder()
                        .rateLimit(new RateLimitSettings(true, 1, 0, 50))
                        .build())
                .packs(BuiltInTools.packs(database.userRepository(), database.sqlGateway(), SqlToolSettings.defaults()))
                .healthIndicator(database.healthIndicator())
                .build();
        server = BulwarkHttp.builder(bulwark).port(0).managementPort(0).start();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MonitorTarget target = MonitorTarget.builder("orders")
                .url("http://127.0.0.1:" + server.port() + "/mcp")
                .probeTool("health_check")
                .build();
        monitor = FleetMonitor.start(
                MonitorSettings.defaults()
                        .withEnabled(true)
                        .withInterval(Duration.ofSeconds(1))
                        .withTargets(List.of(target)),
                registry,
                Clock.systemUTC(),
                Ticker.system(),
                "test");
    }

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
        if (server != null) {
            server.close();
        }
        if (bulwark != null) {
            bulwark.close();
        }
        if (database != null) {
            database.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aDatabaseOutageMakesTheTargetUnhealthyAndItsRecoveryHealthyAgain() throws Exception {
        awaitHealthyChecks(3);
        assertThat(ready()).isEqualTo(200);
        assertThat(registry.scrape()).contains("mcp_server_availability{server=\"orders\"} 1.0");

        postgres.stop();

        CheckResult down = awaitOutcome(CheckOutcome.UNHEALTHY);
        assertThat(ready()).as("the server's own readiness agrees").isEqualTo(503);
        assertThat(monitor.status().overall()).isEqualTo("down");
        assertThat(monitor.status().servers().get(0).state()).isEqualTo("down");
        assertThat(down.durations()).containsKey("tools/call");
        assertThat(registry.scrape())
                .contains("mcp_server_availability{server=\"orders\"} 0.0")
                .contains("mcp_health_checks_total{server=\"orders\",status=\"unhealthy\"}");

        postgres.restart();

        awaitOutcome(CheckOutcome.HEALTHY);
        assertThat(monitor.status().overall()).isEqualTo("up");
    }

    @Test
    void probesOnceASecondNeverMeetTheServersRateLimitOfOneAMinute() throws InterruptedException {
        awaitHealthyChecks(5);

        assertThat(registry.scrape()).doesNotContain("status=\"unhealthy\"").doesNotContain("status=\"error\"");
        assertThat(bulwark.meterRegistry()
                        .find("mcp.rate.limited")
                        .tag("tool", "health_check")
                        .counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    /** Waits until {@code count} checks found the target healthy, the last one too. */
    private void awaitHealthyChecks(int count) throws InterruptedException {
        await(status -> status.isHealthy() && healthyChecks() >= count, count + " healthy checks");
    }

    private CheckResult awaitOutcome(CheckOutcome outcome) throws InterruptedException {
        return await(
                        status -> status.last().map(CheckResult::outcome).orElse(null) == outcome,
                        "a check " + outcome.label())
                .last()
                .orElseThrow();
    }

    private FleetStatus.ServerStatus await(Predicate<FleetStatus.ServerStatus> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            FleetStatus.ServerStatus status = monitor.status().servers().get(0);
            if (condition.test(status)) {
                return status;
            }
            assertThat(System.nanoTime())
                    .as("waiting for " + what + "; last: "
                            + status.last()
                                    .map(result -> result.outcome().label())
                                    .orElse("none"))
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** How many checks found the target healthy, from the monitor's counter. */
    private double healthyChecks() {
        return Optional.ofNullable(registry.find("mcp.health.checks")
                        .tag("server", "orders")
                        .tag("status", "healthy")
                        .counter())
                .map(counter -> counter.count())
                .orElse(0.0);
    }

    private int ready() throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.managementPort() + "/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
