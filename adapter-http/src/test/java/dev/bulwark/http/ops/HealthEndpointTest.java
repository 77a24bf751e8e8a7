package dev.bulwark.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import dev.bulwark.http.HttpMode;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.ServerHealth;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
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
            assertThat(HttpHarness.JSON.readTree(ready.body()).path("status").asText())
                    .isEqualTo("healthy");
            assertThat(HttpHarness.JSON
                            .readTree(ready.body())
                            .path("components")
                            .path("cache")
                            .asText())
                    .isEqualTo("up");
        }
    }

    @Test
    void unhealthyServerIsAliveButNotReady() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.health.set(
                    new ServerHealth(ServerHealth.Status.UNHEALTHY, false, Map.of("database", ComponentStatus.DOWN)));

            assertThat(harness.get(harness.operations("/health")).statusCode()).isEqualTo(200);
            HttpResponse<String> ready = harness.get(harness.operations("/ready"));
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"database\":\"down\"");
        }
    }

    @Test
    void livenessAnswersFromMemoryWhileTheDependencyChecksHang() throws Exception {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.health.set(
                    new ServerHealth(ServerHealth.Status.UNHEALTHY, false, Map.of("database", ComponentStatus.DOWN)));
            // a database that does not answer: readiness waits for its check, here far longer than the client
            harness.checkMillis.set(Duration.ofMinutes(10).toMillis());

            HttpResponse<String> health = harness.send(HttpRequest.newBuilder(harness.operations("/health"))
                    .timeout(Duration.ofSeconds(60))
                    .GET()
                    .build());

            assertThat(health.statusCode())
                    .as("answered without running a check")
                    .isEqualTo(200);
            assertThat(HttpHarness.JSON.readTree(health.body()).path("status").asText())
                    .isEqualTo("unhealthy");
            assertThat(health.body()).contains("\"ready\":false", "\"database\":\"down\"");
        }
    }

    @Test
    void degradedServerIsReady() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.health.set(
                    new ServerHealth(ServerHealth.Status.DEGRADED, false, Map.of("cache", ComponentStatus.DOWN)));

            assertThat(harness.get(harness.operations("/ready")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void drainingServerIsNotReadyAtOnce() throws Exception {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.server.startDraining();

            HttpResponse<String> ready = harness.get(harness.operations("/ready"));
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(HttpHarness.JSON.readTree(ready.body()).path("draining").asBoolean())
                    .isTrue();
            assertThat(harness.get(harness.operations("/health")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void probesAnswerWhileEveryRequestThreadOfTheMcpPortIsTaken() throws Exception {
        try (HttpHarness harness = HttpHarness.start(settings ->
                settings.toBuilder().mode(HttpMode.STATELESS).build().toBuilder()
                        .maxConnections(500)
                        .build()
                        .toBuilder()
                        .maxConnectionsPerAddress(500)
                        .build())) { // every caller here has one address
            // More calls than the server has request threads (256), each holding its thread until released (a
            // stateless answer is written by the thread that read the request): a load balancer's probes must still
            // be answered, or it would take the server for dead and restart it.
            ExecutorService callers = Executors.newCachedThreadPool();
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> harness.callTool(null, "slow", Map.of()), callers));
            }
            try {
                awaitSteady(harness.server::inFlight); // every request thread the server has is taken now

                // Answered at all, however busy the machine: a probe blocked behind the MCP port's threads never is
                HttpResponse<String> health = harness.send(HttpRequest.newBuilder(harness.operations("/health"))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build());

                assertThat(health.statusCode()).isEqualTo(200);
            } finally {
                harness.slowRelease.countDown();
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                callers.shutdown();
            }
        }
    }

    /** Waits until {@code count} is above 200 and has not changed for half a second. */
    private static void awaitSteady(IntSupplier count) throws InterruptedException {
        HttpHarness.eventually(() -> assertThat(count.getAsInt()).isGreaterThan(200));
        int last = -1;
        while (count.getAsInt() != last) {
            last = count.getAsInt();
            Thread.sleep(500);
        }
    }

    @Test
    void healthAnswersOnlyOnTheManagementPort() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> onMcpPort =
                    harness.get(java.net.URI.create("http://127.0.0.1:" + harness.server.port() + "/health"));

            assertThat(onMcpPort.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void anUnknownPathOnTheManagementPortSaysWhatIsServedNotAboutSessions() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response = harness.get(harness.operations("/nothing-here"));

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(HttpHarness.message(response)
                            .path("error")
                            .path("message")
                            .asText())
                    .contains("/health", "/ready", "/metrics")
                    .doesNotContain("session");
        }
    }
}
