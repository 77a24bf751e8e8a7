package dev.bulwark.http.transport;

import static dev.bulwark.http.transport.AsyncAnswerFixtures.call;
import static dev.bulwark.http.transport.AsyncAnswerFixtures.recordingTraces;
import static dev.bulwark.http.transport.AsyncAnswerFixtures.text;
import static dev.bulwark.http.transport.AsyncAnswerFixtures.tool;
import static dev.bulwark.http.transport.ReturnWatch.await;
import static dev.bulwark.http.transport.ReturnWatch.onAnotherThread;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.http.transport.JettyStreamableTransportProviderTest.SseEvent;
import dev.bulwark.ports.testing.ArgumentsCheckingMapper;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The stateful transport answers a session's request whose answer another thread completes later (an async tool
 * spec, as a tool call with a deadline is): the request thread subscribes and goes back to Jetty, and the completing
 * thread has the answer written on the request's stream, ends its trace and closes the stream.
 */
class JettyStreamableTransportAsyncTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private final JettyStreamableTransportProvider transport = JettyStreamableTransportProvider.builder(
                    new InboundMessageMapper(new ArgumentsCheckingMapper()), request -> McpTransportContext.EMPTY)
            .build();
    private final ReturnWatch watch = new ReturnWatch(transport);
    private final CountDownLatch toolCalled = new CountDownLatch(1);
    private final CompletableFuture<McpSchema.CallToolResult> later = new CompletableFuture<>();
    private final CountDownLatch clientGotAnswer = new CountDownLatch(1);
    private final BlockingQueue<String> traceEnds = new LinkedBlockingQueue<>();
    private HandlerServer http;
    private McpAsyncServer mcp;
    private String sessionId;

    @AfterEach
    void stop() throws Exception {
        later.complete(text("released")); // no request thread or client is left waiting
        clientGotAnswer.countDown();
        if (mcp != null) {
            mcp.close();
        }
        if (http != null) {
            http.close();
        }
    }

    /**
     * A raw SDK server with async tools, and a session: {@code later} answers when the test completes it,
     * {@code stuck} answers from another thread while the request thread is still inside the subscription.
     */
    private void serveSdk() {
        mcp = McpServer.async(transport)
                .serverInfo("t", "1")
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(
                        McpServerFeatures.AsyncToolSpecification.builder()
                                .tool(tool("later"))
                                .callHandler((exchange, request) -> {
                                    toolCalled.countDown();
                                    return Mono.fromFuture(later);
                                })
                                .build(),
                        McpServerFeatures.AsyncToolSpecification.builder()
                                .tool(tool("stuck"))
                                .callHandler((exchange, request) ->
                                        ReturnWatch.answeredWhileStuck(text("on time"), clientGotAnswer))
                                .build())
                .build();
        serve();
        assertThat(http.send(inSession("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                                .build())
                        .statusCode())
                .isEqualTo(202);
    }

    private void serve() {
        transport.traceRequestsWith(recordingTraces(traceEnds));
        http = new HandlerServer(watch);
        HttpResponse<String> initialized = http.send(http.post(INITIALIZE).build());
        assertThat(initialized.statusCode()).isEqualTo(200);
        sessionId = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(traceEnds.poll()).isEqualTo("initialize answered null");
    }

    @Test
    void anAnswerAnotherThreadCompletesLaterIsWrittenOnTheRequestsStream() throws Exception {
        serveSdk();
        CompletableFuture<HttpResponse<String>> response = send(call(7, "later"), false);
        assertThat(await(toolCalled)).isTrue();

        onAnotherThread(() -> later.complete(text("later")));

        HttpResponse<String> answer =
                assertThat(response).succeedsWithin(PATIENCE).actual();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        List<SseEvent> events = SseEvent.parse(answer.body());
        assertThat(events).hasSize(2);
        assertThat(events.get(0).data()).as("the priming event").isEmpty();
        assertThat(JSON.readTree(events.get(1).data()))
                .isEqualTo(JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":7,"
                        + "\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"later\"}],\"isError\":false}}"));
        assertThat(traceEnds.poll(30, TimeUnit.SECONDS)).isEqualTo("tools/call answered null");
    }

    @Test
    void theRequestThreadGoesBackToJettyWhileTheAnswerIsPending() throws Exception {
        serveSdk();
        CompletableFuture<HttpResponse<String>> response = send(call(8, "later"), true);
        assertThat(await(toolCalled)).isTrue();

        boolean returnedBeforeTheAnswer = watch.returned();
        onAnotherThread(() -> later.complete(text("later")));

        assertThat(returnedBeforeTheAnswer)
                .as("handle() returned while the answer was pending")
                .isTrue();
        List<SseEvent> events = SseEvent.parse(
                assertThat(response).succeedsWithin(PATIENCE).actual().body());
        assertThat(JSON.readTree(events.get(events.size() - 1).data())
                        .at("/result/content/0/text")
                        .asText())
                .isEqualTo("later");
    }

    @Test
    void anAnswerCompletedWhileTheRequestThreadIsStillInsideTheSubscriptionIsDeliveredAndItsTraceEnded()
            throws Exception {
        serveSdk();
        CompletableFuture<HttpResponse<String>> response = send(call(9, "stuck"), false);
        try {
            HttpResponse<String> answer =
                    assertThat(response).succeedsWithin(PATIENCE).actual();

            List<SseEvent> events = SseEvent.parse(answer.body());
            assertThat(JSON.readTree(events.get(events.size() - 1).data())
                            .at("/result/content/0/text")
                            .asText())
                    .isEqualTo("on time");
            assertThat(traceEnds.poll(30, TimeUnit.SECONDS))
                    .as("ended by the thread that answered")
                    .isEqualTo("tools/call answered null");
        } finally {
            clientGotAnswer.countDown(); // only now does the request thread leave the subscription
        }
    }

    @Test
    void aFailureCompletedLaterIsAnsweredAsAnInternalErrorWithoutItsTextAndFailsTheTrace() throws Exception {
        CompletableFuture<Void> failing = new CompletableFuture<>();
        McpStreamableServerSession session =
                new McpStreamableServerSession(
                        "s-1",
                        McpSchema.ClientCapabilities.builder().build(),
                        new McpSchema.Implementation("t", "1"),
                        Duration.ofSeconds(10),
                        Map.of(),
                        Map.of()) {
                    @Override
                    public Mono<Void> responseStream(
                            McpSchema.JSONRPCRequest request, McpStreamableServerTransport stream) {
                        return Mono.fromFuture(failing);
                    }
                };
        transport.setSessionFactory(initialize -> new McpStreamableServerSession.McpStreamableServerSessionInit(
                session,
                Mono.just(new McpSchema.InitializeResult(
                        "2025-11-25",
                        McpSchema.ServerCapabilities.builder().build(),
                        new McpSchema.Implementation("t", "1"),
                        null))));
        serve();
        CompletableFuture<HttpResponse<String>> response = send(call(10, "any"), true);
        assertThat(watch.returned()).isTrue();

        onAnotherThread(() ->
                failing.completeExceptionally(new IllegalStateException("connection to db.internal.example refused")));

        HttpResponse<String> answer =
                assertThat(response).succeedsWithin(PATIENCE).actual();
        assertThat(answer.statusCode()).isEqualTo(200);
        List<SseEvent> events = SseEvent.parse(answer.body());
        assertThat(events).hasSize(2);
        assertThat(events.get(0).data()).as("the priming event").isEmpty();
        JsonNode error = JSON.readTree(events.get(1).data());
        assertThat(error.path("id").asInt()).isEqualTo(10);
        assertThat(error.path("error").path("code").asInt()).isEqualTo(-32603);
        assertThat(answer.body()).doesNotContain("db.internal");
        assertThat(traceEnds.poll(30, TimeUnit.SECONDS)).isEqualTo("tools/call failed IllegalStateException");
    }

    private java.net.http.HttpRequest.Builder inSession(String body) {
        return http.post(body).header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", "2025-11-25");
    }

    private CompletableFuture<HttpResponse<String>> send(String body, boolean watched) {
        var request = inSession(body);
        if (watched) {
            request.header(ReturnWatch.WATCHED, "yes");
        }
        return http.client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
