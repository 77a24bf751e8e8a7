package dev.bulwark.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The monitor's HTTP port: /metrics, /health and /fleet, over real HTTP on a free port. */
class MonitorHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheFleetStatusMetricsAndLiveness() throws IOException, InterruptedException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CheckResult up = new CheckResult(
                "orders",
                CheckOutcome.HEALTHY,
                OptionalInt.empty(),
                AT,
                Map.of("initialize", Duration.ofMillis(250)),
                OptionalInt.of(3));
        CheckResult refused = new CheckResult(
                "billing", CheckOutcome.UNAUTHORIZED, OptionalInt.of(401), AT, Map.of(), OptionalInt.empty());
        new FleetMetrics(registry).record(up);
        FleetStatus fleet = new FleetStatus(List.of(
                new FleetStatus.ServerStatus("orders", Optional.of(up), Optional.of(AT), 0),
                new FleetStatus.ServerStatus("billing", Optional.of(refused), Optional.empty(), 4),
                new FleetStatus.ServerStatus("new", Optional.empty(), Optional.empty(), 0)));

        try (MonitorHttp server = MonitorHttp.start("127.0.0.1", 0, registry, () -> fleet)) {
            HttpResponse<String> status = get(server, "/fleet");
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(JSON.readTree(status.body())).isEqualTo(JSON.readTree("""
                    {"status":"unknown","servers":[
                      {"name":"orders","status":"up","outcome":"healthy","checked_at":"2026-01-02T03:04:05Z",
                       "last_healthy_at":"2026-01-02T03:04:05Z","consecutive_failures":0,"tools":3,
                       "response_time_seconds":{"initialize":0.25}},
                      {"name":"billing","status":"down","outcome":"unauthorized","http_status":401,
                       "checked_at":"2026-01-02T03:04:05Z","consecutive_failures":4,"response_time_seconds":{}},
                      {"name":"new","status":"unknown","consecutive_failures":0}]}
                    """));

            HttpResponse<String> metrics = get(server, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains(
                            "mcp_server_availability{server=\"orders\"} 1.0",
                            "mcp_health_checks_total{server=\"orders\",status=\"healthy\"} 1.0");

            HttpResponse<String> health = get(server, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(health.body())).isEqualTo(JSON.readTree("{\"status\":\"up\"}"));

            assertThat(get(server, "/mcp").statusCode()).isEqualTo(404);
            HttpResponse<String> post = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/fleet"))
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void theFleetIsUpOnlyWhenEveryTargetIsAndDownWhenNoneIs() {
        CheckResult up =
                new CheckResult("a", CheckOutcome.HEALTHY, OptionalInt.empty(), AT, Map.of(), OptionalInt.of(1));
        CheckResult down =
                new CheckResult("b", CheckOutcome.UNREACHABLE, OptionalInt.empty(), AT, Map.of(), OptionalInt.empty());
        FleetStatus.ServerStatus a = new FleetStatus.ServerStatus("a", Optional.of(up), Optional.of(AT), 0);
        FleetStatus.ServerStatus b = new FleetStatus.ServerStatus("b", Optional.of(down), Optional.empty(), 1);

        assertThat(new FleetStatus(List.of(a, a)).overall()).isEqualTo("up");
        assertThat(new FleetStatus(List.of(a, b)).overall()).isEqualTo("degraded");
        assertThat(new FleetStatus(List.of(b, b)).overall()).isEqualTo("down");

        CheckResult degraded =
                new CheckResult("c", CheckOutcome.DEGRADED, OptionalInt.empty(), AT, Map.of(), OptionalInt.of(1));
        FleetStatus.ServerStatus c = new FleetStatus.ServerStatus("c", Optional.of(degraded), Optional.empty(), 1);
        assertThat(c.state()).isEqualTo("degraded");
        assertThat(new FleetStatus(List.of(a, c)).overall()).isEqualTo("degraded");
        assertThat(new FleetStatus(List.of(c, b)).overall()).isEqualTo("degraded");
    }

    private HttpResponse<String> get(MonitorHttp server, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
