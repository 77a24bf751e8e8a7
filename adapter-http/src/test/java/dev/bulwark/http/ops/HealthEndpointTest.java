package dev.bulwark.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.ServerHealth;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Liveness and readiness on the management port. */
class HealthEndpointTest {

    @Test
    void healthyServerIsAliveAndReady() throws Exception {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> health = harness.get(harness.operations("/health"));
            HttpResponse<String> ready = harness.get(harness.operations("/ready"));

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(HttpHarness.JSON.readTree(ready.body()).path("status").asText()).isEqualTo("healthy");
            assertThat(HttpHarness.JSON.readTree(ready.body()).path("components").path("cache").asText())
                    .isEqualTo("up");
        }
    }

    @Test
    void unhealthyServerIsAliveButNotReady() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.health.set(new ServerHealth(ServerHealth.Status.UNHEALTHY, false,
                    Map.of("database", ComponentStatus.DOWN)));

            assertThat(harness.get(harness.operations("/health")).statusCode()).isEqualTo(200);
            HttpResponse<String> ready = harness.get(harness.operations("/ready"));
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"database\":\"down\"");
        }
    }

    @Test
    void degradedServerIsReady() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.health.set(new ServerHealth(ServerHealth.Status.DEGRADED, false,
                    Map.of("cache", ComponentStatus.DOWN)));

            assertThat(harness.get(harness.operations("/ready")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void drainingServerIsNotReadyAtOnce() throws Exception {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.server.startDraining();

            HttpResponse<String> ready = harness.get(harness.operations("/ready"));
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(HttpHarness.JSON.readTree(ready.body()).path("draining").asBoolean()).isTrue();
            assertThat(harness.get(harness.operations("/health")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void healthAnswersOnlyOnTheManagementPort() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> onMcpPort = harness.get(
                    java.net.URI.create("http://127.0.0.1:" + harness.server.port() + "/health"));

            assertThat(onMcpPort.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void anUnknownPathOnTheManagementPortSaysWhatIsServedNotAboutSessions() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response = harness.get(harness.operations("/nothing-here"));

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(HttpHarness.message(response).path("error").path("message").asText())
                    .contains("/health", "/ready", "/metrics").doesNotContain("session");
        }
    }
}
