package dev.bulwark.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over stdio and stateful HTTP, through the real transports and core, the requests the server sent to the client
 * for a call and still unanswered (here elicitations) are cancelled on the client ({@code notifications/cancelled})
 * once each when that call is cancelled or times out, and only that call's: another call's request in the same
 * session stays pending. (Over HTTP the cancellation case is {@code JettyStreamableTransportProviderTest}'s.) Waits
 * have generous deadlines; nothing is timed.
 */
class PendingClientRequestsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"elicitation\":{}},"
            + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    /** The tools' input, unused. */
    public record AskInput(String mode) {}

    private Bulwark bulwark;
    private OutputStream toServer;
    private BufferedReader fromServer;
    private BulwarkStdio stdio;
    /** Every line the server wrote, in order, as read so far. */
    private final List<JsonNode> seen = new ArrayList<>();

    @BeforeEach
    void start() {
        bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .tool(asking("ask", Duration.ofMinutes(2)))
                // its handler must be waiting for the client's answer by its deadline, on a cold JVM and a busy machine
                .tool(asking("ask-briefly", Duration.ofSeconds(5)))
                .build();
    }

    @AfterEach
    void stop() throws IOException {
        if (stdio != null) {
            toServer.close();
            stdio.stop();
            stdio.close();
        }
        bulwark.close();
    }

    private void startStdio() throws Exception {
        Pipe in = Pipe.open();
        Pipe out = Pipe.open();
        toServer = Channels.newOutputStream(in.sink());
        fromServer = new BufferedReader(
                new InputStreamReader(Channels.newInputStream(out.source()), StandardCharsets.UTF_8));
        InputStream serverIn = Channels.newInputStream(in.source());
        stdio = BulwarkStdio.start(bulwark, serverIn, Channels.newOutputStream(out.sink()));
        send(INITIALIZE);
        next(message -> message.path("id").asInt() == 1 && !message.has("method"));
        send(INITIALIZED);
    }

    @Test
    void aCancelledCallsPendingElicitationIsCancelledOnTheClientOnceAndASiblingCallsIsNot() throws Exception {
        startStdio();
        send(call(7, "ask"));
        JsonNode first = next(
                message -> "elicitation/create".equals(message.path("method").asText()));
        send(call(8, "ask"));
        JsonNode second = next(
                message -> "elicitation/create".equals(message.path("method").asText()));

        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7,"
                + "\"reason\":\"the user aborted\"}}");
        JsonNode cancelled = next(message ->
                "notifications/cancelled".equals(message.path("method").asText()));
        next(message -> message.path("id").asInt() == 7 && !message.has("method"));
        send("{\"jsonrpc\":\"2.0\",\"id\":" + second.path("id") + ",\"result\":{\"action\":\"accept\","
                + "\"content\":{\"name\":\"Ada\"}}}");
        JsonNode siblingAnswer = next(message -> message.path("id").asInt() == 8 && !message.has("method"));

        assertThat(cancelled.at("/params/requestId")).isEqualTo(first.path("id"));
        assertThat(cancelled.at("/params/reason").asText()).contains("cancelled");
        assertThat(cancellations())
                .as("once, and only the cancelled call's request")
                .hasSize(1);
        assertThat(siblingAnswer.at("/result/isError").asBoolean())
                .as("%s", siblingAnswer)
                .isFalse();
        assertThat(siblingAnswer.at("/result/content/0/text").asText()).isEqualTo("answered");
    }

    @Test
    void aCallThatTimesOutWhileItWaitsForAnElicitationCancelsItOnTheClientBeforeItsAnswer() throws Exception {
        startStdio();
        send(call(9, "ask-briefly"));
        JsonNode elicitation = next(
                message -> "elicitation/create".equals(message.path("method").asText()));

        JsonNode answer = next(message -> message.path("id").asInt() == 9 && !message.has("method"));

        assertThat(answer.at("/result/isError").asBoolean())
                .as("it timed out: %s", answer)
                .isTrue();
        List<JsonNode> cancellations = cancellations();
        assertThat(cancellations).as("before the answer, once").hasSize(1);
        assertThat(cancellations.get(0).at("/params/requestId")).isEqualTo(elicitation.path("id"));
        assertThat(cancellations.get(0).at("/params/reason").asText()).contains("ended");
    }

    @Test
    void aCallThatTimesOutInAnHttpSessionCancelsItsPendingElicitationOnItsStreamBeforeItsAnswer() throws Exception {
        try (BulwarkHttp http =
                BulwarkHttp.builder(bulwark).port(0).managementPort(0).start()) {
            URI mcp = URI.create("http://127.0.0.1:" + http.port() + "/mcp");
            HttpClient client = HttpClient.newHttpClient();
            String session = post(client, mcp, INITIALIZE, null)
                    .headers()
                    .firstValue("Mcp-Session-Id")
                    .orElseThrow();
            post(client, mcp, INITIALIZED, session);

            List<JsonNode> events = new ArrayList<>();
            for (String line :
                    post(client, mcp, call(9, "ask-briefly"), session).body().split("\n")) {
                if (line.startsWith("data:") && !line.substring(5).isBlank()) {
                    events.add(JSON.readTree(line.substring(5).trim()));
                }
            }

            assertThat(events).as("%s", events).hasSize(3);
            assertThat(events.get(0).path("method").asText()).isEqualTo("elicitation/create");
            assertThat(events.get(1).path("method").asText()).isEqualTo("notifications/cancelled");
            assertThat(events.get(1).at("/params/requestId"))
                    .isEqualTo(events.get(0).path("id"));
            assertThat(events.get(1).at("/params/reason").asText()).contains("ended");
            assertThat(events.get(2).path("id").asInt()).isEqualTo(9);
            assertThat(events.get(2).at("/result/isError").asBoolean())
                    .as("it timed out")
                    .isTrue();
        }
    }

    private static HttpResponse<String> post(HttpClient client, URI mcp, String body, String session) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(mcp)
                .timeout(DEADLINE)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-11-25")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Tool<AskInput, Map> asking(String name, Duration timeout) {
        return Tool.builder(name, AskInput.class, Map.class)
                .description("Asks the user, through the client, for a name")
                .timeout(timeout)
                .handler((input, context) -> {
                    context.elicit(
                            "Your name?",
                            Map.of("type", "object", "properties", Map.of("name", Map.of("type", "string"))));
                    return ToolResult.text("answered");
                })
                .build();
    }

    /** The {@code notifications/cancelled} the server wrote so far. */
    private List<JsonNode> cancellations() {
        return seen.stream()
                .filter(message ->
                        "notifications/cancelled".equals(message.path("method").asText()))
                .toList();
    }

    /** Reads the server's lines until one matches; the reader blocks, so a missing line fails at the deadline. */
    private JsonNode next(Predicate<JsonNode> wanted) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
                    try {
                        for (String line = fromServer.readLine(); line != null; line = fromServer.readLine()) {
                            JsonNode message = JSON.readTree(line);
                            seen.add(message);
                            if (wanted.test(message)) {
                                return message;
                            }
                        }
                        throw new IllegalStateException("the server closed its output; it wrote " + seen);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    private void send(String line) throws IOException {
        toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        toServer.flush();
    }

    private static String call(int id, String tool) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"mode\":\"ask\"}}}";
    }
}
