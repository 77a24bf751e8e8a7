package dev.bulwark.mcpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * A call to a 2026 upstream's task-requiring tool, cancelled before the upstream answered it with its task: the task
 * named afterwards is sent {@code tasks/cancel} once, and an answer that never comes is not waited for past
 * {@link Era2026Client#LATE_TASK_WAIT}.
 */
class Era2026ClientTaskCancelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String LISTED = "{\"tools\":[{\"name\":\"report\",\"inputSchema\":{\"type\":\"object\"},"
            + "\"execution\":{\"taskSupport\":\"required\"}}]}";

    /** One request the client sent, and its answer, which the test gives. */
    private record Sent(ObjectNode message, CompletableFuture<JsonNode> answer) {

        String method() {
            return message.path("method").asText();
        }

        void answer(String result) {
            try {
                answer.complete(JSON.readTree(
                        "{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id") + ",\"result\":" + result + "}"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** An exchange that answers {@code tools/list} and leaves every other request for the test to answer. */
    private static final class FakeExchange implements Era2026Exchange {
        final List<Sent> sent = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<JsonNode> send(
                long id, ObjectNode message, Map<String, String> headers, Consumer<JsonNode> notified) {
            Sent request = new Sent(message, new CompletableFuture<>());
            sent.add(request);
            if (request.method().equals("tools/list")) {
                request.answer(LISTED);
            }
            return request.answer();
        }

        @Override
        public void notify(ObjectNode message, Map<String, String> headers) {
            sent.add(new Sent(message, CompletableFuture.completedFuture(null)));
        }

        @Override
        public void close() {
            sent.forEach(request -> request.answer().cancel(true));
        }

        List<Sent> of(String method) {
            return sent.stream()
                    .filter(request -> request.method().equals(method))
                    .toList();
        }
    }

    private final FakeExchange exchange = new FakeExchange();
    private final FakeDelays delays = new FakeDelays();
    private final Era2026Client client = new Era2026Client("up", exchange, JSON, WAIT, () -> 0L, delays);

    @BeforeEach
    void list() {
        client.listTools(null).block();
    }

    @AfterEach
    void close() {
        client.closeGracefully().block();
    }

    /** Calls {@code report} with {@code token} and waits until its {@code tools/call} was sent. */
    private Disposable call(String token) {
        int before = exchange.of("tools/call").size();
        Disposable running = client.callTool(
                        new McpSchema.CallToolRequest("report", Map.of(), Map.of("progressToken", token)))
                .subscribe(result -> {}, failure -> {});
        await().atMost(WAIT).until(() -> exchange.of("tools/call").size() > before);
        return running;
    }

    private static String created(String taskId) {
        return "{\"resultType\":\"task\",\"taskId\":\"" + taskId + "\",\"status\":\"working\"}";
    }

    @Test
    void aTaskNamedAfterItsCallWasCancelledIsSentTasksCancelOnce() {
        Disposable running = call("bulwark-1");
        Sent toolsCall = exchange.of("tools/call").get(0);

        client.cancel("bulwark-1", "cancelled");
        running.dispose();
        client.cancel("bulwark-1", "cancelled");
        assertThat(toolsCall.answer()).as("read on for its task").isNotCancelled();
        assertThat(exchange.of("notifications/cancelled")).hasSize(1);
        toolsCall.answer(created("task-late"));

        await().atMost(WAIT).until(() -> !exchange.of("tasks/cancel").isEmpty());
        assertThat(exchange.of("tasks/cancel"))
                .singleElement()
                .satisfies(cancel -> assertThat(
                                cancel.message().path("params").path("taskId").asText())
                        .isEqualTo("task-late"));
        assertThat(exchange.of("tasks/get")).isEmpty();
    }

    @Test
    void aCallThatWasNotCancelledCancelsNoTask() {
        call("bulwark-2");

        exchange.of("tools/call").get(0).answer(created("task-kept"));

        await().atMost(WAIT).until(() -> !exchange.of("tasks/get").isEmpty());
        assertThat(exchange.of("tasks/cancel")).isEmpty();
        assertThat(delays.waits).isEmpty();
    }

    @Test
    void theConnectionOfACancelledCallToAnHttpUpstreamThatNeverAnswersIsClosedAfterTheLateTaskWait() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        CountDownLatch connectionClosed = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService threads = Executors.newCachedThreadPool();
        server.setExecutor(threads);
        server.createContext("/mcp", http -> {
            try (http) {
                JsonNode body = JSON.readTree(http.getRequestBody());
                if (!body.path("method").asText().equals("tools/call")) {
                    byte[] answer = ("{\"jsonrpc\":\"2.0\",\"id\":" + body.get("id") + ",\"result\":"
                                    + (body.path("method").asText().equals("tools/list") ? LISTED : "{}") + "}")
                            .getBytes(StandardCharsets.UTF_8);
                    http.getResponseHeaders().set("Content-Type", "application/json");
                    http.sendResponseHeaders(body.has("id") ? 200 : 202, body.has("id") ? answer.length : -1);
                    if (body.has("id")) {
                        http.getResponseBody().write(answer);
                    }
                    return;
                }
                called.countDown();
                neverAnswer(http, connectionClosed);
            }
        });
        server.start();
        Era2026Client overHttp = new Era2026Client(
                "up",
                new Era2026HttpExchange(
                        "up",
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp"),
                        Optional.empty(),
                        1 << 20,
                        JSON,
                        Duration.ofMinutes(10),
                        WAIT),
                JSON,
                WAIT,
                () -> 0L,
                delays);
        try {
            overHttp.listTools(null).block();
            Disposable running = overHttp.callTool(
                            new McpSchema.CallToolRequest("report", Map.of(), Map.of("progressToken", "bulwark-4")))
                    .subscribe(result -> {}, failure -> {});
            assertThat(called.await(20, TimeUnit.SECONDS)).isTrue();
            overHttp.cancel("bulwark-4", "cancelled");
            running.dispose();
            assertThat(connectionClosed.getCount()).as("read on for its task").isEqualTo(1);

            delays.pass();

            assertThat(connectionClosed.await(20, TimeUnit.SECONDS))
                    .as("closed long before the call's own 10 minutes")
                    .isTrue();
        } finally {
            overHttp.closeGracefully().block();
            server.stop(0);
            threads.shutdownNow();
        }
    }

    /** Begins an event stream and sends comments only, until a write fails: the client closed the connection. */
    private static void neverAnswer(HttpExchange http, CountDownLatch connectionClosed) throws IOException {
        http.getResponseHeaders().set("Content-Type", "text/event-stream");
        http.sendResponseHeaders(200, 0);
        OutputStream out = http.getResponseBody();
        CountDownLatch never = new CountDownLatch(1);
        try {
            for (int i = 0; i < 1500; i++) { // 30 s at most
                out.write(": still here\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                never.await(20, TimeUnit.MILLISECONDS);
            }
        } catch (IOException e) {
            connectionClosed.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anAnswerThatNeverComesIsAbandonedAfterTheLateTaskWait() {
        Disposable running = call("bulwark-3");
        Sent toolsCall = exchange.of("tools/call").get(0);

        client.cancel("bulwark-3", "cancelled");
        running.dispose();
        assertThat(toolsCall.answer()).isNotCancelled();
        assertThat(delays.waits).isNotEmpty().containsOnly(Era2026Client.LATE_TASK_WAIT);

        delays.pass();

        assertThat(toolsCall.answer()).as("abandoned: its connection closed").isCancelled();
        assertThat(exchange.of("tasks/cancel")).isEmpty();
    }
}
