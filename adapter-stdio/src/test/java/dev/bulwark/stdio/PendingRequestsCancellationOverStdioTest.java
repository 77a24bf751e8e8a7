package dev.bulwark.stdio;

import static dev.bulwark.stdio.Eventually.eventually;
import static dev.bulwark.stdio.StdioHarness.INITIALIZE;
import static dev.bulwark.stdio.StdioHarness.INITIALIZED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.ports.calls.CurrentCall;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpServerSession;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's sampling requests sent {@linkplain CurrentCall#during for a call} are cancelled on the client
 * ({@code notifications/cancelled}), once each, when that call is cancelled or answered while they are unanswered;
 * another call's are not. A real SDK server on the stdio transport; the test plays the client.
 */
class PendingRequestsCancellationOverStdioTest {

    private final CountDownLatch giveUp = new CountDownLatch(1);
    private final List<Object> reported = new CopyOnWriteArrayList<>();
    private StdioHarness stdio;

    @AfterEach
    void close() throws Exception {
        giveUp.countDown();
        if (stdio != null) {
            stdio.close();
        }
    }

    @Test
    void aCancelledCallsSamplingRequestIsCancelledOnceAndAnotherCallsIsNot() throws Exception {
        start();
        stdio.send(call(7, "ask-until-interrupted"));
        JsonNode first = stdio.next();
        stdio.send(call(8, "ask"));
        JsonNode second = stdio.next();
        assertThat(List.of(first.path("method").asText(), second.path("method").asText()))
                .containsOnly("sampling/createMessage");

        stdio.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7}}");

        JsonNode cancelled = stdio.next();
        assertThat(cancelled.path("method").asText()).isEqualTo("notifications/cancelled");
        assertThat(cancelled.at("/params/requestId")).isEqualTo(first.path("id"));
        assertThat(cancelled.at("/params/reason").asText()).contains("cancelled");
        // the transport cancels the call's requests on the client first, then reports the cancellation: the line
        // above can reach the test before the report does
        eventually("the transport reported the cancellation", () -> !reported.isEmpty());
        assertThat(reported).containsExactly(7);
        giveUp.countDown(); // the cancelled call ends, and is answered
        assertThat(stdio.next().path("id").asInt())
                .as("the cancelled call's answer, and no second cancellation")
                .isEqualTo(7);
        stdio.assertNothingMoreWithin(Duration.ofMillis(300)); // not the other call's request
        stdio.send("{\"jsonrpc\":\"2.0\",\"id\":" + second.path("id") + ",\"result\":{\"role\":\"assistant\","
                + "\"content\":{\"type\":\"text\",\"text\":\"hi\"},\"model\":\"m\"}}");
        JsonNode other = stdio.next();
        assertThat(other.path("id").asInt()).isEqualTo(8);
        assertThat(other.at("/result/content/0/text").asText()).as("%s", other).isEqualTo("answered");
    }

    @Test
    void aCallAnsweredWhileItsSamplingRequestIsUnansweredCancelsItOnceBeforeTheAnswer() throws Exception {
        start();
        stdio.send(call(9, "ask-until-interrupted"));
        JsonNode sampling = stdio.next();
        assertThat(sampling.path("method").asText()).isEqualTo("sampling/createMessage");

        giveUp.countDown();

        JsonNode cancelled = stdio.next();
        assertThat(cancelled.path("method").asText()).isEqualTo("notifications/cancelled");
        assertThat(cancelled.at("/params/requestId")).isEqualTo(sampling.path("id"));
        assertThat(cancelled.at("/params/reason").asText()).contains("ended");
        JsonNode answer = stdio.next();
        assertThat(answer.path("id").asInt()).isEqualTo(9);
        assertThat(answer.at("/result/content/0/text").asText()).isEqualTo("gave up");
        stdio.assertNothingMoreWithin(Duration.ofMillis(300));
        assertThat(reported).isEmpty();
    }

    @Test
    void aCancelledCallsSamplingRequestStopsBeingWaitedForAtOnceAndTheSessionForgetsIt() throws Exception {
        start();
        stdio.send(call(7, "ask")); // a handler that is not interrupted: only the answer can end its wait
        JsonNode sampling = stdio.next();
        assertThat(sampling.path("method").asText()).isEqualTo("sampling/createMessage");
        assertThat(sessionPendingResponses()).hasSize(1);

        stdio.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7}}");

        JsonNode cancelled = stdio.next();
        assertThat(cancelled.path("method").asText()).isEqualTo("notifications/cancelled");
        assertThat(cancelled.at("/params/requestId")).isEqualTo(sampling.path("id"));
        JsonNode answer = stdio.next(); // the request timeout is minutes: this comes only if the wait ended at once
        assertThat(answer.path("id").asInt()).isEqualTo(7);
        assertThat(answer.at("/result/content/0/text").asText())
                .as("the wait failed")
                .isEqualTo("failed");
        awaitForgotten(sessionPendingResponses());
    }

    @Test
    void aRequestWhoseCallWasAnsweredWhileItWaitedIsForgottenByTheSession() throws Exception {
        start();
        stdio.send(call(9, "ask-until-interrupted"));
        assertThat(stdio.next().path("method").asText()).isEqualTo("sampling/createMessage");
        assertThat(sessionPendingResponses()).hasSize(1);

        giveUp.countDown(); // as a timeout does: the handler is interrupted, stops waiting, and the call is answered

        assertThat(stdio.next().path("method").asText()).isEqualTo("notifications/cancelled");
        assertThat(stdio.next().path("id").asInt()).isEqualTo(9);
        awaitForgotten(sessionPendingResponses());
    }

    /**
     * The SDK session's own requests still waiting for the client's answer, read by reflection: the SDK offers no
     * way to see them.
     */
    private Map<?, ?> sessionPendingResponses() throws ReflectiveOperationException {
        Field sessionField = StdioTransportProvider.class.getDeclaredField("session");
        sessionField.setAccessible(true);
        Object session = sessionField.get(stdio.provider);
        Field pending = McpServerSession.class.getDeclaredField("pendingResponses");
        pending.setAccessible(true);
        return (Map<?, ?>) pending.get(session);
    }

    private static void awaitForgotten(Map<?, ?> pending) {
        eventually("the session forgot the request", pending::isEmpty);
    }

    private void start() {
        stdio = new StdioHarness(
                4096,
                tool("ask", PendingRequestsCancellationOverStdioTest::ask),
                tool("ask-until-interrupted", (exchange, arguments) -> {
                    // As a cancellation or a timeout does: the handler is interrupted, and the call is answered
                    Thread handler = Thread.currentThread();
                    Thread interrupter = new Thread(
                            () -> { // not the common pool, which other tests may hold
                                await(giveUp);
                                handler.interrupt();
                            },
                            "interrupter");
                    interrupter.setDaemon(true);
                    interrupter.start();
                    String outcome = ask(exchange, arguments);
                    Thread.interrupted();
                    return "failed".equals(outcome) ? "gave up" : outcome;
                }));
        stdio.provider.reportCancellationsTo((session, requestId) -> reported.add(requestId));
        stdio.send(INITIALIZE.replace("\"capabilities\":{}", "\"capabilities\":{\"sampling\":{}}"));
        assertThat(stdio.next().path("id").asInt()).isEqualTo(1);
        stdio.send(INITIALIZED);
    }

    /** Asks the client for a sampling result for the call the test named in the arguments, as the core does. */
    private static String ask(McpSyncServerExchange exchange, Map<String, Object> arguments) {
        McpSchema.CreateMessageRequest request = McpSchema.CreateMessageRequest.builder()
                .messages(List.of(new McpSchema.SamplingMessage(McpSchema.Role.USER, new McpSchema.TextContent("hi"))))
                .maxTokens(10)
                .build();
        try {
            CurrentCall.during(arguments.get("call"), () -> exchange.createMessage(request));
            return "answered";
        } catch (RuntimeException e) {
            return "failed";
        }
    }

    private static SyncToolSpecification tool(String name, ToolBody body) {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder(name, Map.of("type", "object")).build())
                .callHandler((exchange, request) -> CallToolResult.builder()
                        .addTextContent(body.run(exchange, request.arguments()))
                        .build())
                .build();
    }

    /** What a test tool does with its exchange and arguments, and the text it answers. */
    @FunctionalInterface
    private interface ToolBody {
        String run(McpSyncServerExchange exchange, Map<String, Object> arguments);
    }

    private static String call(int id, String tool) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"call\":" + id + "}}}";
    }

    /** Waits until {@code latch} opens: the test opens it, and so does its end, however long the test ran. */
    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
