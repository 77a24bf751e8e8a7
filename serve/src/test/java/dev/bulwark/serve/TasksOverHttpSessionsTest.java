package dev.bulwark.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCancelledException;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tasks of the 2025-11-25 era over stateful Streamable HTTP, through a real Bulwark server on a Jetty port, by raw
 * JSON-RPC POSTs of two API-key callers, each in its own session: as over stdio, {@code initialize} declares the
 * {@code tasks} capability, {@code tools/list} the tool's task support, a {@code tools/call} with {@code task} creates
 * a task that {@code tasks/get}, {@code tasks/result}, {@code tasks/list} and {@code tasks/cancel} serve to its owner
 * only.
 */
class TasksOverHttpSessionsTest {

    /**
     * Waits for what another thread brings about, polling on the test's thread: looks at once, then every 20 ms, for at
     * most 30 s (generous: the bound only matters when it never comes).
     */
    private static final ConditionFactory EVENTUALLY = await().atMost(Duration.ofSeconds(30))
            .pollInSameThread()
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(20));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROTOCOL = "2025-11-25";
    private static final String ALICE_KEY = ApiKeys.newKey();
    private static final String BOB_KEY = ApiKeys.newKey();

    record JobInput(
            @ToolParam(description = "Which gate the job waits at")
            String gate) {}

    /** The gates the jobs wait at, by name: a test opens one to let its job end. */
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

    private final AtomicInteger ids = new AtomicInteger(1);
    private final HttpClient client = HttpClient.newHttpClient();
    private Bulwark bulwark;
    private BulwarkHttp http;

    private CountDownLatch gate(String name) {
        return gates.computeIfAbsent(name, key -> new CountDownLatch(1));
    }

    @BeforeEach
    void start() {
        bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .tool(Tool.builder("job", JobInput.class, Void.class)
                        .description("Waits at its gate until it opens or the job is cancelled")
                        .taskSupport(Tool.TaskSupport.OPTIONAL)
                        .handler((input, context) -> {
                            CountDownLatch gate = gate(input.gate());
                            try {
                                while (!gate.await(20, TimeUnit.MILLISECONDS)) {
                                    if (context.isCancelled()) {
                                        throw new ToolCancelledException("job");
                                    }
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new ToolCancelledException("job");
                            }
                            return ToolResult.text("passed " + input.gate());
                        })
                        .build())
                .build();
        http = BulwarkHttp.builder(bulwark)
                .apiKeys(new ApiKeys(List.of(
                        new ApiKey("alice", Set.of(), ApiKeys.hashOf(ALICE_KEY)),
                        new ApiKey("bob", Set.of(), ApiKeys.hashOf(BOB_KEY)))))
                .port(0)
                .managementPort(0)
                .start();
    }

    @AfterEach
    void stop() {
        gates.values().forEach(CountDownLatch::countDown);
        http.close();
        bulwark.close();
    }

    @Test
    void initializeDeclaresTasksAndToolsListTheJobsTaskSupport() throws Exception {
        HttpResponse<String> initialized = post(ALICE_KEY, null, initialize());

        JsonNode capabilities = answer(initialized).path("result").path("capabilities");
        assertThat(capabilities.path("tasks").path("requests").path("tools").has("call"))
                .as(capabilities.toString())
                .isTrue();
        assertThat(capabilities.path("tasks").has("list")).isTrue();
        assertThat(capabilities.path("tasks").has("cancel")).isTrue();
        assertThat(capabilities.has("tools")).isTrue();
        String session = sessionOf(initialized, ALICE_KEY);
        JsonNode tools = request(ALICE_KEY, session, "tools/list", "{}").path("result");
        assertThat(tools.path("tools")
                        .path(0)
                        .path("execution")
                        .path("taskSupport")
                        .asText())
                .as(tools.toString())
                .isEqualTo("optional");
    }

    @Test
    void aTaskIsCreatedPolledListedAndItsResultIsTheToolsResult() throws Exception {
        String session = startSession(ALICE_KEY);
        String taskId = createTask(ALICE_KEY, session, "a");

        JsonNode working = request(ALICE_KEY, session, "tasks/get", taskParams(taskId));
        assertThat(working.path("result").path("status").asText())
                .as(working.toString())
                .isEqualTo("working");
        JsonNode listed = request(ALICE_KEY, session, "tasks/list", "{}");
        assertThat(listed.path("result").path("tasks").path(0).path("taskId").asText())
                .as(listed.toString())
                .isEqualTo(taskId);
        gate("a").countDown();
        JsonNode result = request(ALICE_KEY, session, "tasks/result", taskParams(taskId));

        assertThat(result.path("result").path("content").path(0).path("text").asText())
                .as(result.toString())
                .isEqualTo("passed a");
        assertThat(result.path("result")
                        .path("_meta")
                        .path("io.modelcontextprotocol/related-task")
                        .path("taskId")
                        .asText())
                .isEqualTo(taskId);
        assertThat(request(ALICE_KEY, session, "tasks/get", taskParams(taskId))
                        .path("result")
                        .path("status")
                        .asText())
                .isEqualTo("completed");
    }

    @Test
    void aCancelledTaskStaysCancelledAndHasNoResult() throws Exception {
        String session = startSession(ALICE_KEY);
        String taskId = createTask(ALICE_KEY, session, "never");

        JsonNode cancelled = request(ALICE_KEY, session, "tasks/cancel", taskParams(taskId));

        assertThat(cancelled.path("result").path("status").asText())
                .as(cancelled.toString())
                .isEqualTo("cancelled");
        assertThat(request(ALICE_KEY, session, "tasks/get", taskParams(taskId))
                        .path("result")
                        .path("status")
                        .asText())
                .isEqualTo("cancelled");
        JsonNode result = request(ALICE_KEY, session, "tasks/result", taskParams(taskId));
        assertThat(result.path("error").path("message").asText())
                .as(result.toString())
                .contains("cancelled");
    }

    @Test
    void anotherCallersTaskIsNotFound() throws Exception {
        String aliceSession = startSession(ALICE_KEY);
        String taskId = createTask(ALICE_KEY, aliceSession, "quick");
        String bobSession = startSession(BOB_KEY);

        for (String method : List.of("tasks/get", "tasks/result", "tasks/cancel")) {
            JsonNode refused = request(BOB_KEY, bobSession, method, taskParams(taskId));
            assertThat(refused.path("error").path("code").asInt())
                    .as(refused.toString())
                    .isEqualTo(-32602);
            assertThat(refused.path("error").path("message").asText()).contains("Task not found");
        }
        assertThat(request(BOB_KEY, bobSession, "tasks/list", "{}")
                        .path("result")
                        .path("tasks")
                        .size())
                .isZero();
        gate("quick").countDown();
        assertThat(request(ALICE_KEY, aliceSession, "tasks/result", taskParams(taskId))
                        .path("result")
                        .path("content")
                        .path(0)
                        .path("text")
                        .asText())
                .isEqualTo("passed quick");
    }

    @Test
    void anAbandonedResultWaitEndsWhenItsClientLeaves() throws Exception {
        String session = startSession(ALICE_KEY);
        String taskId = createTask(ALICE_KEY, session, "never"); // its gate stays closed: the task never ends
        EVENTUALLY.until(() -> http.inFlight() == 0);
        double connectionsBefore = activeConnections();
        String body =
                "{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"tasks/result\",\"params\":" + taskParams(taskId) + "}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), http.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + http.port() + "\r\n"
                            + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                            + "X-API-Key: " + ALICE_KEY + "\r\nMcp-Session-Id: " + session + "\r\n"
                            + "MCP-Protocol-Version: " + PROTOCOL + "\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            EVENTUALLY.alias("the wait is held while its client is there").until(() -> http.inFlight() == 1);
        }

        EVENTUALLY.alias("the wait ended once its client left").until(() -> http.inFlight() == 0);
        EVENTUALLY.untilAsserted(() -> assertThat(activeConnections())
                .as("open connections: its connection closed (%s before)", connectionsBefore)
                .isLessThanOrEqualTo(connectionsBefore));
        gate("never").countDown();
    }

    private double activeConnections() {
        return bulwark.meterRegistry().get("mcp.active.connections").gauge().value();
    }

    private String createTask(String key, String session, String gate) throws Exception {
        JsonNode created = request(
                key,
                session,
                "tools/call",
                "{\"name\":\"job\",\"arguments\":{\"gate\":\"" + gate + "\"},\"task\":{\"ttl\":60000}}");
        JsonNode task = created.path("result").path("task");
        assertThat(task.path("status").asText()).as(created.toString()).isEqualTo("working");
        return task.path("taskId").asText();
    }

    private static String taskParams(String taskId) {
        return "{\"taskId\":\"" + taskId + "\"}";
    }

    private static String initialize() {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + PROTOCOL
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    }

    private String startSession(String key) throws Exception {
        return sessionOf(post(key, null, initialize()), key);
    }

    private String sessionOf(HttpResponse<String> initialized, String key) throws Exception {
        assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(200);
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> accepted =
                post(key, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        return session;
    }

    private JsonNode request(String key, String session, String method, String params) throws Exception {
        int id = ids.incrementAndGet();
        JsonNode answer = answer(post(
                key,
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}"));
        assertThat(answer.path("id").asInt()).as(answer.toString()).isEqualTo(id);
        return answer;
    }

    private HttpResponse<String> post(String key, String session, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/mcp"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("X-API-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", PROTOCOL);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The JSON-RPC answer of a response, sent as JSON or as a server-sent event (priming events and notifications
     * skipped).
     */
    private static JsonNode answer(HttpResponse<String> response) throws IOException {
        String body = Objects.requireNonNull(response.body());
        for (String line : body.split("\n")) {
            if (line.startsWith("data:") && !line.substring(5).isBlank()) {
                JsonNode message = JSON.readTree(line.substring(5).trim());
                if (message.has("id")) {
                    return message;
                }
            }
        }
        return JSON.readTree(body);
    }
}
