package dev.bulwark.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.auth.AuthSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BulwarkHttpTest {

    @Test
    void theBuilderTakesAuthenticationInOneShapeOnly() {
        assertThat(java.util.Arrays.stream(BulwarkHttp.Builder.class.getMethods())
                        .filter(method -> method.getName().equals("auth"))
                        .map(method -> List.of(method.getParameterTypes())))
                .containsExactly(List.of(AuthSettings.class));
    }

    @Test
    void servingBeyondLoopbackWithoutAnyCredentialIsRefusedWithWhatToDo() {
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build()) {
            assertThatThrownBy(() -> BulwarkHttp.builder(bulwark)
                            .host("0.0.0.0")
                            .port(0)
                            .managementPort(0)
                            .start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Authentication is required for host 0.0.0.0")
                    .hasMessageContaining("apiKeys(...)");
        }
    }

    @Test
    void aJwtSecretWithoutAnIssuerIsRefusedNamingTheKeyBeforeAnythingBinds() {
        AuthSettings jwt = AuthSettings.builder()
                .jwtSecret(java.util.Optional.of("0123456789abcdef0123456789abcdef"))
                .build();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build()) {
            assertThatThrownBy(() -> BulwarkHttp.builder(bulwark)
                            .auth(jwt)
                            .port(0)
                            .managementPort(0)
                            .start())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("auth.issuer must be set")
                    .hasMessageContaining("auth.resource-url must be set")
                    .hasMessageNotContaining("0123456789abcdef");
        }
    }

    @Test
    void theAuthSettingsGivenAreTheOnesThatRun() {
        AuthSettings required =
                AuthSettings.builder().mode(AuthSettings.Mode.REQUIRED).build();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build()) {
            assertThatThrownBy(() -> BulwarkHttp.builder(bulwark)
                            .auth(required)
                            .port(0)
                            .managementPort(0)
                            .start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Authentication is required for host 127.0.0.1");
        }
    }

    @Test
    void theHttpSettingsGivenAreTheOnesThatRunAndThePortsOverrideThem() throws InterruptedException {
        HttpSettings settings = HttpSettings.builder()
                .drainGrace(Duration.ofMillis(1500))
                .drainDelay(Duration.ofMillis(700))
                .build();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
                BulwarkHttp http = BulwarkHttp.builder(bulwark)
                        .port(0)
                        .managementPort(0)
                        .settings(settings)
                        .start()) {
            assertThat(http.drainGrace()).isEqualTo(Duration.ofMillis(1500));
            assertThat(http.drainDelay()).isEqualTo(Duration.ofMillis(700));
            assertThat(http.port()).isNotEqualTo(HttpSettings.DEFAULT_PORT).isPositive();
            assertThat(http.managementPort())
                    .as("0 serves the operations endpoints on the MCP port")
                    .isEqualTo(http.port());
            http.endDrainDelay();
            assertThat(http.drain()).isTrue();
        }
    }

    @Test
    void drainingEndsAnOpenSubscriptionWithItsResultInsteadOfWaitingTheWholeGrace() throws Exception {
        // A grace of minutes: a drain that waited it out would outlast the generous wait below by far
        HttpSettings settings = HttpSettings.builder()
                .drainGrace(Duration.ofMinutes(10))
                .drainDelay(Duration.ZERO)
                .build();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
                BulwarkHttp http = BulwarkHttp.builder(bulwark)
                        .port(0)
                        .managementPort(0)
                        .settings(settings)
                        .start()) {
            java.net.http.HttpResponse<java.io.InputStream> listening = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create("http://127.0.0.1:" + http.port() + "/mcp"))
                                    .header("Content-Type", "application/json")
                                    .header("Accept", "application/json, text/event-stream")
                                    .header("MCP-Protocol-Version", "2026-07-28")
                                    .header("Mcp-Method", "subscriptions/listen")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                            "{\"jsonrpc\":\"2.0\",\"id\":5,"
                                                    + "\"method\":\"subscriptions/listen\",\"params\":{\"notifications\":{},"
                                                    + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                                                    + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.BufferedReader events = new java.io.BufferedReader(
                    new java.io.InputStreamReader(listening.body(), java.nio.charset.StandardCharsets.UTF_8))) {
                String line;
                do {
                    line = events.readLine();
                } while (line != null && !line.contains("subscriptions/acknowledged"));
                assertThat(line).as("the subscription was acknowledged").isNotNull();

                java.util.concurrent.FutureTask<Boolean> draining = new java.util.concurrent.FutureTask<>(http::drain);
                new Thread(draining, "drain").start();
                assertThat(draining.get(60, TimeUnit.SECONDS))
                        .as("drained, not after the whole grace")
                        .isTrue();
                StringBuilder rest = new StringBuilder();
                while ((line = events.readLine()) != null) {
                    rest.append(line).append('\n');
                }
                assertThat(rest).as("its final result").contains("\"id\":5").contains("\"result\"");
            }
        }
    }

    /** The input of a tool that takes no arguments. */
    public record NoInput() {}

    @Test
    void aCallStillRunningWhenTheDrainGraceEndsIsAnsweredAsCutOffBeforeTheServerCloses() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Tool<NoInput, Map> slow = Tool.builder("slow", NoInput.class, Map.class)
                .description("Waits until the test releases it")
                .timeout(Duration.ofMinutes(2))
                .handler((input, context) -> {
                    started.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return ToolResult.text("released");
                })
                .build();
        HttpSettings settings = HttpSettings.builder()
                .drainGrace(Duration.ofMillis(300))
                .drainDelay(Duration.ZERO)
                .build();
        try (Bulwark bulwark =
                        Bulwark.builder(BulwarkConfig.defaults()).tool(slow).build();
                BulwarkHttp http = BulwarkHttp.builder(bulwark)
                        .port(0)
                        .managementPort(0)
                        .settings(settings)
                        .start()) {
            CompletableFuture<HttpResponse<String>> call = HttpClient.newHttpClient()
                    .sendAsync(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/mcp"))
                                    .header("Content-Type", "application/json")
                                    .header("Accept", "application/json, text/event-stream")
                                    .header("MCP-Protocol-Version", "2026-07-28")
                                    .header("Mcp-Method", "tools/call")
                                    .header("Mcp-Name", "slow")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":5,"
                                            + "\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"arguments\":{},"
                                            + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                                            + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

            boolean drained = http.drain();
            HttpResponse<String> response = call.get(30, TimeUnit.SECONDS);

            assertThat(drained).isFalse();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .contains("\"id\":5", "-32000", "it was cut off", "may have run")
                    .doesNotContain("released");
        } finally {
            release.countDown();
        }
    }

    @Test
    void duringTheDrainDelayReadyAnswers503WhileNewCallsAreServedAndOnlyThenTheDrainRefusesAndThePortsClose()
            throws Exception {
        // A delay of an hour: the test ends it itself (endDrainDelay), so nothing here depends on how long it takes
        HttpSettings settings = HttpSettings.builder()
                .drainDelay(Duration.ofHours(1))
                .drainGrace(Duration.ofSeconds(30))
                .build();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
                BulwarkHttp http = BulwarkHttp.builder(bulwark)
                        .port(0)
                        .managementPort(0)
                        .settings(settings)
                        .start()) {
            HttpClient client = HttpClient.newHttpClient();
            assertThat(get(client, http, "/ready").statusCode()).isEqualTo(200);

            java.util.concurrent.FutureTask<Boolean> draining = new java.util.concurrent.FutureTask<>(http::drain);
            new Thread(draining, "drain").start();
            HttpResponse<String> ready = awaitNotReady(client, http);
            HttpResponse<String> servedWhileLeaving = listTools(client, http);

            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"draining\":true");
            assertThat(servedWhileLeaving.statusCode()).isEqualTo(200);
            assertThat(servedWhileLeaving.body()).contains("\"tools\"").doesNotContain("\"error\"");
            assertThat(draining.isDone()).as("still in the drain delay").isFalse();

            http.endDrainDelay();
            assertThat(draining.get(60, TimeUnit.SECONDS))
                    .as("drained, nothing in flight")
                    .isTrue();
            HttpResponse<String> refused = listTools(client, http);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("shutting down");

            int port = http.port();
            http.close();
            assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", port).close())
                    .as("the MCP port is closed")
                    .isInstanceOf(java.net.ConnectException.class);
        }
    }

    @Test
    void aDrainDelayOfZeroDrainsAtOnce() throws Exception {
        HttpSettings settings = HttpSettings.builder().drainDelay(Duration.ZERO).build();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
                BulwarkHttp http = BulwarkHttp.builder(bulwark)
                        .port(0)
                        .managementPort(0)
                        .settings(settings)
                        .start()) {
            assertThat(http.drain()).isTrue();
            HttpClient client = HttpClient.newHttpClient();

            assertThat(get(client, http, "/ready").statusCode()).isEqualTo(503);
            assertThat(listTools(client, http).statusCode()).isEqualTo(503);
        }
    }

    private static HttpResponse<String> awaitNotReady(HttpClient client, BulwarkHttp http) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        HttpResponse<String> ready = get(client, http, "/ready");
        while (ready.statusCode() == 200 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            ready = get(client, http, "/ready");
        }
        return ready;
    }

    private static HttpResponse<String> get(HttpClient client, BulwarkHttp http, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.managementPort() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A new 2026-07-28 {@code tools/list}, which needs no session. */
    private static HttpResponse<String> listTools(HttpClient client, BulwarkHttp http) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/mcp"))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .header("MCP-Protocol-Version", "2026-07-28")
                        .header("Mcp-Method", "tools/list")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":7,"
                                + "\"method\":\"tools/list\",\"params\":{"
                                + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
