package dev.bulwark.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small MCP client of tasks on {@code java.net.http} and Jackson, for a Java application until the MCP Java SDK's
 * client speaks tasks: it creates a task, polls it as the server asks and reads its result, in the 2026-07-28 era
 * (stateless, {@code Mcp-Name: <taskId>} on every {@code tasks/*} request) and in a 2025-11-25 session
 * ({@code params.task}, {@code tasks/get}, {@code tasks/result}). Thread-safe: each request is one HTTP exchange.
 *
 * <pre>{@code
 * TaskClientExample client = new TaskClientExample(URI.create("http://127.0.0.1:8080/mcp"));
 * String taskId = client.createTask("slow_compute", Map.of("seconds", 3));
 * JsonNode ended = client.awaitEnd(taskId, Duration.ofMinutes(1));   // status completed, failed or cancelled
 * JsonNode result = ended.path("result");                            // the tool's CallToolResult
 * }</pre>
 */
final class TaskClientExample {

    static final String ERA_2026 = "2026-07-28";
    static final String ERA_2025 = "2025-11-25";
    private static final String TASKS = "io.modelcontextprotocol/tasks";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong ids = new AtomicLong();
    private final URI endpoint;

    TaskClientExample(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Calls {@code tool} as a task (2026-07-28); the new task's id. */
    String createTask(String tool, Map<String, ?> arguments) throws IOException, InterruptedException {
        ObjectNode params = json.createObjectNode().put("name", tool);
        params.set("arguments", json.valueToTree(arguments));
        JsonNode task = resultOf(stateless("tools/call", tool, params));
        if (!"task".equals(task.path("resultType").asText())) {
            throw new IllegalStateException("the server answered at once, not with a task: " + task);
        }
        return task.path("taskId").asText();
    }

    /** The task as {@code tasks/get} shows it now (2026-07-28). */
    JsonNode get(String taskId) throws IOException, InterruptedException {
        return resultOf(stateless("tasks/get", taskId, json.createObjectNode().put("taskId", taskId)));
    }

    /** Cancels the task (2026-07-28). */
    void cancel(String taskId) throws IOException, InterruptedException {
        resultOf(stateless("tasks/cancel", taskId, json.createObjectNode().put("taskId", taskId)));
    }

    /**
     * Polls the task every {@code pollIntervalMs} the server asks for until it is no longer {@code working}; the last
     * {@code tasks/get} (a {@code completed} task's carries its {@code result}).
     */
    JsonNode awaitEnd(String taskId, Duration atMost) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        JsonNode task = get(taskId);
        while (task.path("status").asText().equals("working") && System.nanoTime() < deadline) {
            Thread.sleep(Math.max(50, task.path("pollIntervalMs").asLong(1000)));
            task = get(taskId);
        }
        return task;
    }

    /** Opens a 2025-11-25 session: {@code initialize}, then {@code notifications/initialized}. */
    Session openSession() throws IOException, InterruptedException {
        ObjectNode params = json.createObjectNode().put("protocolVersion", ERA_2025);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "task-client-example").put("version", "1");
        HttpResponse<String> initialized = post(request("initialize", params), Map.of());
        String session = initialized
                .headers()
                .firstValue("Mcp-Session-Id")
                .orElseThrow(() -> new IllegalStateException("no session: " + initialized.body()));
        Map<String, String> headers = Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", ERA_2025);
        post(json.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"), headers);
        return new Session(headers);
    }

    /** A 2025-11-25 session's task requests. */
    final class Session {
        private final Map<String, String> headers;

        private Session(Map<String, String> headers) {
            this.headers = headers;
        }

        /** Calls {@code tool} as a task of this session; the new task's id. */
        String createTask(String tool, Map<String, ?> arguments) throws IOException, InterruptedException {
            ObjectNode params = json.createObjectNode().put("name", tool);
            params.set("arguments", json.valueToTree(arguments));
            params.putObject("task");
            return resultOf(read(post(request("tools/call", params), headers)))
                    .path("task")
                    .path("taskId")
                    .asText();
        }

        /** The task as {@code tasks/get} shows it now. */
        JsonNode get(String taskId) throws IOException, InterruptedException {
            return resultOf(read(
                    post(request("tasks/get", json.createObjectNode().put("taskId", taskId)), headers)));
        }

        /** The tool's result ({@code tasks/result}): the server answers once the task has ended. */
        JsonNode result(String taskId) throws IOException, InterruptedException {
            return resultOf(read(
                    post(request("tasks/result", json.createObjectNode().put("taskId", taskId)), headers)));
        }
    }

    /** One stateless 2026-07-28 request declaring the Tasks extension; its JSON-RPC answer. */
    private JsonNode stateless(String method, String name, ObjectNode params) throws IOException, InterruptedException {
        ObjectNode meta = params.putObject("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", ERA_2026);
        meta.putObject("io.modelcontextprotocol/clientCapabilities")
                .putObject("extensions")
                .putObject(TASKS);
        return read(post(
                request(method, params),
                Map.of("MCP-Protocol-Version", ERA_2026, "Mcp-Method", method, "Mcp-Name", name)));
    }

    private ObjectNode request(String method, ObjectNode params) {
        ObjectNode request = json.createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", ids.incrementAndGet())
                .put("method", method);
        request.set("params", params);
        return request;
    }

    private HttpResponse<String> post(ObjectNode body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON-RPC answer: the body, or the last {@code data:} line of an event stream. */
    private JsonNode read(HttpResponse<String> response) throws IOException {
        String body = response.body();
        String message = body.stripLeading().startsWith("{")
                ? body
                : body.lines()
                        .filter(line -> line.startsWith("data:"))
                        .map(line -> line.substring("data:".length()).strip())
                        .filter(line -> !line.isEmpty())
                        .reduce((first, last) -> last)
                        .orElseThrow(() -> new IOException("no answer (HTTP " + response.statusCode() + "): " + body));
        return json.readTree(message);
    }

    private JsonNode resultOf(JsonNode answer) {
        if (!answer.has("result")) {
            throw new IllegalStateException("the server refused: " + answer.path("error"));
        }
        return answer.get("result");
    }
}
