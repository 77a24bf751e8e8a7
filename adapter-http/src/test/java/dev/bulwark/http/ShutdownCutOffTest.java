package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.http.ConnectionAccountingTest.FakeEra;
import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.ports.era2026.Era2026Answer;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A call still running when the drain's grace ends gets a JSON-RPC error saying the shutdown cut it off and it may
 * have run, on its own connection, in both protocol eras and both HTTP modes; the handler's own answer, coming later,
 * is not sent after it. Each case runs a real server on a real port; the grace is short, the call never finishes
 * within it (its tool waits for the test), and the client waits for its answer with a generous deadline.
 */
class ShutdownCutOffTest {

    private static final Duration GRACE = Duration.ofMillis(200);
    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
    private static final String CALL_2025 = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"later\",\"arguments\":{}}}";
    private static final String CALL_2026 = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"later\",\"arguments\":{}," + META + "}}";
    private static final Map<String, String> HEADERS_2026 =
            Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "later");

    @Test
    void aSessionCallStillRunningWhenTheGraceEndsGetsTheCutOffErrorOnItsEventStreamAndNoLaterAnswer() throws Exception {
        try (HttpHarness harness = HttpHarness.withAsyncTool(HttpMode.STATEFUL)) {
            String session = harness.initialize();
            CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(() ->
                    harness.post(CALL_2025, Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25")));
            assertThat(harness.laterCalled.await(30, TimeUnit.SECONDS)).isTrue();

            harness.server.startDraining();
            boolean drained = endGrace(harness);
            HttpResponse<String> response = call.get(30, TimeUnit.SECONDS);

            assertThat(drained).isFalse();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            assertCutOff(HttpHarness.message(response), 7);

            // the tool finishes late: its answer is dropped, so the stream's kept events hold the cut-off error alone
            harness.later.complete(McpSchema.CallToolResult.builder()
                    .content(List.of(McpSchema.TextContent.builder("late").build()))
                    .isError(false)
                    .build());
            String resumed = resume(harness, session, firstEventId(response.body()));
            assertThat(dataLines(resumed))
                    .singleElement()
                    .satisfies(data -> assertCutOff(HttpHarness.JSON.readTree(data), 7));
        }
    }

    @Test
    void aStatelessCallStillRunningWhenTheGraceEndsGetsTheCutOffErrorAsItsJsonAnswer() throws Exception {
        try (HttpHarness harness = HttpHarness.withAsyncTool(HttpMode.STATELESS)) {
            CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(
                    () -> harness.post(CALL_2025, Map.of("MCP-Protocol-Version", "2025-11-25")));
            assertThat(harness.laterCalled.await(30, TimeUnit.SECONDS)).isTrue();

            harness.server.startDraining();
            boolean drained = endGrace(harness);
            HttpResponse<String> response = call.get(30, TimeUnit.SECONDS);
            harness.later.complete(McpSchema.CallToolResult.builder()
                    .content(List.of(McpSchema.TextContent.builder("late").build()))
                    .isError(false)
                    .build());

            assertThat(drained).isFalse();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertCutOff(HttpHarness.JSON.readTree(response.body()), 7);
        }
    }

    @Test
    void a2026CallAlreadyAnsweringOnAnEventStreamGetsTheCutOffErrorAsItsLastEvent() throws Exception {
        FakeEra era = new FakeEra();
        try (HttpHarness harness = HttpHarness.withAsyncTool(HttpMode.STATEFUL)) {
            harness.serveEra2026With(era);
            CompletableFuture<HttpResponse<InputStream>> call =
                    harness.client.sendAsync(request(harness), HttpResponse.BodyHandlers.ofInputStream());
            HttpHarness.eventually(() -> assertThat(era.pending).isNotNull());
            era.notifications.accept("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}");
            HttpResponse<InputStream> response = call.get(30, TimeUnit.SECONDS); // its head comes with the progress
            BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            assertThat(events.readLine())
                    .isEqualTo("data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}");

            harness.server.startDraining();
            boolean drained = endGrace(harness);
            String rest = CompletableFuture.supplyAsync(() -> events.lines().collect(Collectors.joining("\n")))
                    .get(30, TimeUnit.SECONDS);
            era.pending.complete(
                    new Era2026Answer(200, "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}", Optional.empty()));

            assertThat(drained).isFalse();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(dataLines(rest))
                    .singleElement()
                    .satisfies(data -> assertCutOff(HttpHarness.JSON.readTree(data), 5));
        }
    }

    @Test
    void a2026CallOnAStatelessServerStillRunningWhenTheGraceEndsGetsTheCutOffError() throws Exception {
        FakeEra era = new FakeEra();
        try (HttpHarness harness = HttpHarness.withAsyncTool(HttpMode.STATELESS)) {
            harness.serveEra2026With(era);
            CompletableFuture<HttpResponse<String>> call =
                    harness.client.sendAsync(request(harness), HttpResponse.BodyHandlers.ofString());
            HttpHarness.eventually(() -> assertThat(era.pending).isNotNull());

            harness.server.startDraining();
            boolean drained = endGrace(harness);
            HttpResponse<String> response = call.get(30, TimeUnit.SECONDS);
            era.pending.complete(
                    new Era2026Answer(200, "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}", Optional.empty()));

            assertThat(drained).isFalse();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertCutOff(HttpHarness.message(response), 5);
        }
    }

    /** The drain's grace runs out with the call still running, as the shutdown does: it waits, then cuts off. */
    private static boolean endGrace(HttpHarness harness) throws InterruptedException {
        boolean drained = harness.server.awaitInFlight(GRACE);
        harness.server.cutOffInFlight();
        return drained;
    }

    private static HttpRequest request(HttpHarness harness) {
        HttpRequest.Builder request = HttpRequest.newBuilder(harness.mcpUri())
                .POST(HttpRequest.BodyPublishers.ofString(CALL_2026))
                .header("Content-Type", "application/json")
                .header("Accept", HttpHarness.ACCEPT_BOTH);
        HEADERS_2026.forEach(request::header);
        return request.build();
    }

    private static void assertCutOff(JsonNode message, int id) {
        assertThat(message.path("id").asInt()).isEqualTo(id);
        assertThat(message.has("result")).as("no result").isFalse();
        assertThat(message.path("error").path("code").asInt()).isEqualTo(JsonRpcErrors.SERVER_UNAVAILABLE);
        assertThat(message.path("error").path("message").asText())
                .isEqualTo(JsonRpcErrors.CUT_OFF)
                .contains("cut off", "may have run");
    }

    /** The {@code data:} lines of an event stream that carry a message (not a priming event's empty data). */
    private static List<String> dataLines(String events) {
        List<String> data = new ArrayList<>();
        for (String line : events.split("\n")) {
            if (line.startsWith("data:") && !line.substring(5).isBlank()) {
                data.add(line.substring(5).trim());
            }
        }
        return data;
    }

    private static String firstEventId(String events) {
        Matcher id = Pattern.compile("(?m)^id: ?(\\S+)").matcher(events);
        assertThat(id.find()).as("an event id in: %s", events).isTrue();
        return id.group(1);
    }

    /** Resumes the session's stream after {@code lastEventId} and reads it to its end (the stream closes). */
    private static String resume(HttpHarness harness, String session, String lastEventId) throws Exception {
        HttpResponse<String> resumed = harness.client
                .sendAsync(
                        HttpRequest.newBuilder(harness.mcpUri())
                                .GET()
                                .header("Accept", "text/event-stream")
                                .header("Mcp-Session-Id", session)
                                .header("MCP-Protocol-Version", "2025-11-25")
                                .header("Last-Event-ID", lastEventId)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .get(30, TimeUnit.SECONDS);
        assertThat(resumed.statusCode()).isEqualTo(200);
        return resumed.body();
    }
}
