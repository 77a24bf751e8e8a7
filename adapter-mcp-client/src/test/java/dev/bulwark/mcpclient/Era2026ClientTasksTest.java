package dev.bulwark.mcpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.ports.upstream.CallerFailedException;
import dev.bulwark.ports.upstream.UpstreamCaller;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * A 2026-07-28 upstream's tool that requires tasks, against an HTTP server written by hand: the call sent with the
 * Tasks extension declared, its task polled to its end, its failure, its cancel and its input requests.
 */
class Era2026ClientTasksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LISTED = "{\"tools\":[{\"name\":\"report\",\"inputSchema\":{\"type\":\"object\"},"
            + "\"execution\":{\"taskSupport\":\"required\"}},{\"name\":\"echo\",\"inputSchema\":{\"type\":\"object\"},"
            + "\"execution\":{\"taskSupport\":\"optional\"}}]}";
    private static final String CREATED =
            "{\"resultType\":\"task\",\"taskId\":\"task-1\",\"status\":\"working\"," + "\"pollIntervalMs\":100}";
    private static final String DONE = "{\"taskId\":\"task-1\",\"status\":\"completed\",\"result\":{\"content\":"
            + "[{\"type\":\"text\",\"text\":\"reported\"}],\"isError\":false}}";
    private static final String WORKING = "{\"taskId\":\"task-1\",\"status\":\"working\",\"pollIntervalMs\":1}";

    private Fake2026HttpUpstream upstream;
    private Era2026Client client;

    @AfterEach
    void close() {
        if (client != null) {
            client.closeGracefully().block();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /** Serves {@code tools/list} as {@link #LISTED} and every other request's result as {@code answers} says. */
    private void serve(Function<JsonNode, String> answers) throws IOException {
        upstream = new Fake2026HttpUpstream(request -> Fake2026HttpUpstream.Answer.result(
                request, "tools/list".equals(method(request)) ? LISTED : answers.apply(request)));
        client = new Era2026Client("up", upstream.url(), Optional.empty(), 1 << 20, Duration.ofSeconds(10));
        client.listTools(null).block();
    }

    private static String method(JsonNode body) {
        return body.path("method").asText();
    }

    private List<JsonNode> sent(String method) {
        return upstream.sent(method);
    }

    private static JsonNode capabilities(JsonNode body) {
        return body.path("params").path("_meta").path("io.modelcontextprotocol/clientCapabilities");
    }

    private McpSchema.CallToolResult call(String tool, String token) {
        return client.callTool(new McpSchema.CallToolRequest(tool, Map.of("a", 1), Map.of("progressToken", token)))
                .block(Duration.ofSeconds(20));
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @Test
    void aToolThatRequiresTasksIsCalledDeclaringTheExtensionAndItsTaskPolledToItsResult() throws IOException {
        AtomicInteger polls = new AtomicInteger();
        serve(request -> switch (method(request)) {
            case "tools/call" -> CREATED;
            case "tasks/get" -> polls.incrementAndGet() < 3 ? WORKING : DONE;
            default -> "{}";
        });

        McpSchema.CallToolResult result = call("report", "bulwark-1");

        assertThat(result.isError()).isFalse();
        assertThat(text(result)).isEqualTo("reported");
        assertThat(capabilities(sent("tools/call").get(0)).path("extensions").has(Era2026Client.TASKS_EXTENSION))
                .isTrue();
        assertThat(sent("tasks/get")).hasSize(3).allSatisfy(get -> {
            assertThat(get.path("params").path("taskId").asText()).isEqualTo("task-1");
            assertThat(capabilities(get).path("extensions").has(Era2026Client.TASKS_EXTENSION))
                    .isTrue();
        });
        assertThat(upstream.last("tasks/get").header("Mcp-Name")).isEqualTo("task-1");
        assertThat(sent("tasks/cancel"))
                .as("a call that was not cancelled cancels no task")
                .isEmpty();
    }

    @Test
    void aToolThatTakesTasksOptionallyIsCalledPlainlyWithoutTheExtension() throws IOException {
        serve(request -> "{\"content\":[{\"type\":\"text\",\"text\":\"plain\"}]}");

        McpSchema.CallToolResult result = call("echo", "bulwark-2");

        assertThat(text(result)).isEqualTo("plain");
        assertThat(capabilities(sent("tools/call").get(0)).has("extensions")).isFalse();
        assertThat(sent("tasks/get")).isEmpty();
    }

    @Test
    void aTaskThatFailsIsAToolErrorNamingItsCodeWithoutTheUpstreamsMessage() throws IOException {
        serve(request -> switch (method(request)) {
            case "tools/call" -> CREATED;
            default ->
                "{\"taskId\":\"task-1\",\"status\":\"failed\",\"error\":{\"code\":-32603,"
                        + "\"message\":\"connect to db.internal.example:5432 refused\"}}";
        });

        McpSchema.CallToolResult result = call("report", "bulwark-3");

        assertThat(result.isError()).isTrue();
        assertThat(text(result))
                .isEqualTo("Its task failed with an internal error (JSON-RPC code -32603)")
                .doesNotContain("db.internal");
    }

    @Test
    void cancellingTheCallSendsTasksCancelForItsTask() throws IOException {
        serve(request -> switch (method(request)) {
            case "tools/call" -> CREATED;
            case "tasks/get" -> WORKING;
            default -> "{}";
        });
        Disposable running = client.callTool(
                        new McpSchema.CallToolRequest("report", Map.of(), Map.of("progressToken", "bulwark-4")))
                .subscribe(result -> {}, failure -> {});
        await().atMost(Duration.ofSeconds(10)).until(() -> !sent("tasks/get").isEmpty());

        client.cancel("bulwark-4", "cancelled");
        running.dispose();

        await().atMost(Duration.ofSeconds(10)).until(() -> !sent("tasks/cancel").isEmpty());
        assertThat(sent("tasks/cancel").get(0).path("params").path("taskId").asText())
                .isEqualTo("task-1");
        assertThat(sent("notifications/cancelled"))
                .as("the call itself was answered: its task is what is cancelled")
                .isEmpty();
    }

    @Test
    void aCallCancelledBeforeTheUpstreamAnsweredWithItsTaskCancelsThatTaskOnceItIsNamed() throws IOException {
        CountDownLatch cancelled = new CountDownLatch(1);
        serve(request -> switch (method(request)) {
            case "tools/call" -> {
                try {
                    cancelled.await(20, TimeUnit.SECONDS); // the task is created meanwhile; its id comes after
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield CREATED;
            }
            case "tasks/get" -> WORKING;
            default -> "{}";
        });
        Disposable running = client.callTool(
                        new McpSchema.CallToolRequest("report", Map.of(), Map.of("progressToken", "bulwark-8")))
                .subscribe(result -> {}, failure -> {});
        await().atMost(Duration.ofSeconds(10)).until(() -> !sent("tools/call").isEmpty());

        client.cancel("bulwark-8", "cancelled");
        running.dispose();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !sent("notifications/cancelled").isEmpty());
        cancelled.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> !sent("tasks/cancel").isEmpty());
        assertThat(client.callTool(new McpSchema.CallToolRequest("echo", Map.of(), Map.of()))
                        .block(Duration.ofSeconds(10)))
                .isNotNull();
        assertThat(sent("tasks/cancel"))
                .singleElement()
                .satisfies(cancel -> assertThat(
                                cancel.path("params").path("taskId").asText())
                        .isEqualTo("task-1"));
        assertThat(sent("tasks/get"))
                .as("a cancelled call does not follow its task")
                .isEmpty();
    }

    @Test
    void aTaskThatAsksForInputHasTheCallerAnswerItWithTasksUpdate() throws IOException {
        serve(request -> switch (method(request)) {
            case "tools/call" -> CREATED;
            case "tasks/get" ->
                sent("tasks/update").isEmpty()
                        ? "{\"taskId\":\"task-1\",\"status\":\"input_required\",\"inputRequests\":{\"which\":"
                                + "{\"method\":\"elicitation/create\",\"params\":{\"mode\":\"form\",\"message\":"
                                + "\"Which folder?\",\"requestedSchema\":{\"type\":\"object\"}}}}}"
                        : DONE;
            default -> "{}";
        });
        List<String> asked = new CopyOnWriteArrayList<>();
        client.began("bulwark-5", new UpstreamCaller() {
            @Override
            public Set<String> features() {
                return Set.of("elicitation");
            }

            @Override
            public Map<String, Object> elicit(Map<String, Object> params) {
                asked.add(String.valueOf(params.get("message")));
                return Map.of("action", "accept", "content", Map.of("folder", "docs"));
            }
        });

        McpSchema.CallToolResult result = call("report", "bulwark-5");

        assertThat(text(result)).isEqualTo("reported");
        assertThat(asked).containsExactly("Which folder?");
        JsonNode update = sent("tasks/update").get(0).path("params");
        assertThat(update.path("taskId").asText()).isEqualTo("task-1");
        assertThat(update.path("inputResponses"))
                .isEqualTo(JSON.readTree("{\"which\":{\"action\":\"accept\",\"content\":{\"folder\":\"docs\"}}}"));
        assertThat(capabilities(sent("tools/call").get(0)).has("elicitation")).isTrue();
    }

    @Test
    void aTaskAskingForInputTheCallerCannotGiveIsCancelledAndTheCallEndsAsAToolErrorSayingWhy() throws IOException {
        serve(request -> switch (method(request)) {
            case "tools/call" -> CREATED;
            case "tasks/get" ->
                "{\"taskId\":\"task-1\",\"status\":\"input_required\",\"inputRequests\":{\"which\":"
                        + "{\"method\":\"elicitation/create\",\"params\":{}}}}";
            default -> "{}";
        });

        McpSchema.CallToolResult result = call("report", "bulwark-6");

        assertThat(result.isError()).isTrue();
        assertThat(text(result))
                .isEqualTo("Bulwark cannot relay elicitation/create: the call's caller cannot answer elicitation"
                        + " requests");
        await().atMost(Duration.ofSeconds(10)).until(() -> !sent("tasks/cancel").isEmpty());
        assertThat(sent("tasks/update")).isEmpty();
    }

    @Test
    void aCallerThatFailsWhenAskedCancelsTheTaskAndItsFailureEndsTheCall() throws IOException {
        serve(request -> switch (method(request)) {
            case "tools/call" -> CREATED;
            case "tasks/get" ->
                "{\"taskId\":\"task-1\",\"status\":\"input_required\",\"inputRequests\":{\"which\":"
                        + "{\"method\":\"elicitation/create\",\"params\":{}}}}";
            default -> "{}";
        });
        IllegalStateException askedInARoundOfItsOwn = new IllegalStateException("asked in a round of its own");
        client.began("bulwark-7", new UpstreamCaller() {
            @Override
            public Map<String, Object> elicit(Map<String, Object> params) {
                throw askedInARoundOfItsOwn;
            }
        });

        assertThatThrownBy(() -> call("report", "bulwark-7"))
                .isInstanceOf(CallerFailedException.class)
                .hasCause(askedInARoundOfItsOwn);
        await().atMost(Duration.ofSeconds(10)).until(() -> !sent("tasks/cancel").isEmpty());
        assertThat(sent("tasks/update")).isEmpty();
    }
}
