package dev.bulwark.http.drain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import dev.bulwark.http.McpHttpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Graceful drain: the call in flight completes, new requests get 503, readiness fails at once. */
class DrainHandlerTest {

    @Test
    void inFlightCallCompletesWhileNewRequestsAreRefused() throws Exception {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();
            CompletableFuture<HttpResponse<String>> slow =
                    CompletableFuture.supplyAsync(() -> harness.callTool(session, "slow", Map.of()));
            assertThat(harness.slowStarted.await(30, TimeUnit.SECONDS)).isTrue();

            harness.server.startDraining();
            HttpResponse<String> refused = harness.callTool(session, "echo", Map.of());
            HttpResponse<String> newSession = harness.post(HttpHarness.INITIALIZE, Map.of());
            HttpResponse<String> ready = harness.get(harness.operations("/ready"));
            boolean idleBeforeRelease = harness.server.awaitInFlight(Duration.ofMillis(50));
            harness.slowRelease.countDown();

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(HttpHarness.message(refused)
                            .path("error")
                            .path("message")
                            .asText())
                    .contains("shutting down");
            assertThat(newSession.statusCode()).isEqualTo(503);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(idleBeforeRelease).isFalse();
            assertThat(HttpHarness.toolText(slow.get(30, TimeUnit.SECONDS))).isEqualTo("slow done");
            assertThat(harness.server.awaitInFlight(Duration.ofSeconds(60))).isTrue();
        }
    }

    @Test
    void aCallWhoseConnectionEndedHoldsTheDrainAndItsAnswerCanBeResumedDuringIt() throws Exception {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();
            String progressEventId;
            try (Socket socket = new Socket("127.0.0.1", harness.server.port())) {
                socket.setSoTimeout((int) HttpHarness.PATIENCE.toMillis());
                String call = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
                        + "{\"name\":\"progress\",\"arguments\":{}}}";
                socket.getOutputStream()
                        .write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                        + "Content-Type: application/json\r\nAccept: " + HttpHarness.ACCEPT_BOTH
                                        + "\r\n"
                                        + "Mcp-Session-Id: " + session + "\r\nMCP-Protocol-Version: 2025-11-25\r\n"
                                        + "Content-Length: " + call.length() + "\r\n\r\n" + call)
                                .getBytes(StandardCharsets.UTF_8));
                progressEventId = idOfEventHolding(socket, "half way");
            } // the client's connection drops while the tool runs
            assertThat(harness.slowStarted.await(30, TimeUnit.SECONDS)).isTrue();

            harness.server.startDraining();
            // the resumption ends the call's first connection: one connection per stream
            HttpResponse<java.io.InputStream> resumed = harness.client.send(
                    java.net.http.HttpRequest.newBuilder(harness.mcpUri())
                            .GET()
                            .header("Accept", "text/event-stream")
                            .header("Mcp-Session-Id", session)
                            .header("MCP-Protocol-Version", "2025-11-25")
                            .header("Last-Event-ID", progressEventId)
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            boolean idleBeforeTheAnswer = harness.server.awaitInFlight(Duration.ofMillis(300));
            harness.slowRelease.countDown();

            assertThat(resumed.statusCode()).isEqualTo(200);
            assertThat(idleBeforeTheAnswer).as("the call still counts").isFalse();
            try (java.io.InputStream body = resumed.body()) {
                assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8))
                        .contains("slow done");
            }
            assertThat(harness.server.awaitInFlight(Duration.ofSeconds(60))).isTrue();
        }
    }

    /** Reads the event stream on {@code socket} until an event holds {@code text}, and returns that event's id. */
    private static String idOfEventHolding(Socket socket, String text) throws java.io.IOException {
        StringBuilder read = new StringBuilder();
        java.io.InputStream in = socket.getInputStream();
        java.util.regex.Pattern event = java.util.regex.Pattern.compile(
                "id: ?(\\S+)\n(?:[^\n]*\n)*?data: ?[^\n]*" + java.util.regex.Pattern.quote(text));
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("The stream ended before an event held '" + text + "': " + read);
            }
            read.append((char) b);
            java.util.regex.Matcher found = event.matcher(read);
            if (b == '\n' && found.find()) {
                return found.group(1);
            }
        }
    }

    @Test
    void aLargeRequestRefusedWhileDrainingGets503NotAReset() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.server.startDraining();
            // The client is still sending its megabyte when it is refused: it must get the 503 that tells it to retry
            // elsewhere, not a reset that leaves it guessing whether the call ran.
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = harness.postPadded(1024 * 1024, i % 2 == 0);

                assertThat(response.statusCode()).isEqualTo(503);
            }
        }
    }

    @Test
    void aRequestWhoseBodyStallsDuringTheDrainDoesNotHoldItAndIsAnswered() throws Exception {
        try (HttpHarness harness = HttpHarness.start(settings ->
                        settings.toBuilder().idleTimeout(Duration.ofMinutes(10)).build());
                Socket socket = new Socket("127.0.0.1", harness.server.port())) {
            harness.server.startDraining();
            socket.setSoTimeout(60_000); // far below the idle timeout: an answer at all is one before it
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + "Accept: "
                            + HttpHarness.ACCEPT_BOTH + "\r\nContent-Length: 1000\r\n\r\n{\"jsonrpc\"")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush(); // and nothing more: the client stalls half-way through its body

            boolean drained = harness.server.awaitInFlight(Duration.ofSeconds(30));
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);

            assertThat(drained)
                    .as("its body is read without it counting as in flight")
                    .isTrue();
            assertThat(answer).isIn("HTTP/1.1 503", "HTTP/1.1 408");
        }
    }

    @Test
    void deleteIsStillServedWhileDraining() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();
            harness.server.startDraining();

            assertThat(harness.delete(session).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aCallWaitingForTheClientsAnswerCompletesWhenTheAnswerArrivesDuringTheDrain() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + harness.server.port())
                    .endpoint(McpHttpServer.MCP_PATH)
                    .jsonMapper(new JacksonMcpJsonMapper(HttpHarness.JSON))
                    .build();
            McpSyncClient client = McpClient.sync(transport)
                    .requestTimeout(HttpHarness.PATIENCE)
                    .capabilities(
                            McpSchema.ClientCapabilities.builder().sampling().build())
                    .sampling(request -> {
                        harness.server.startDraining(); // the answer to the server goes out during the drain
                        return McpSchema.CreateMessageResult.builder(McpSchema.Role.ASSISTANT, "yes", "m")
                                .build();
                    })
                    .build();
            client.initialize();

            McpSchema.CallToolResult result =
                    client.callTool(McpSchema.CallToolRequest.builder("ask").build());

            assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("asked: yes");
            client.close();
        }
    }

    @Test
    void aNewRequestOnASessionIsStillRefusedDuringTheDrain() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();
            harness.server.startDraining();

            HttpResponse<String> notification = harness.post(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":9}}",
                    Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25"));
            HttpResponse<String> request = harness.post(
                    HttpHarness.LIST_TOOLS, Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25"));

            assertThat(notification.statusCode()).isEqualTo(202);
            assertThat(request.statusCode()).isEqualTo(503);
        }
    }
}
