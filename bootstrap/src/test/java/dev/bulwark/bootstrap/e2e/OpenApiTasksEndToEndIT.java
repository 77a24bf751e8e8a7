package dev.bulwark.bootstrap.e2e;

import static dev.bulwark.outbound.FakeService.json;
import static dev.bulwark.outbound.FakeService.slow;
import static dev.bulwark.outbound.FakeService.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.outbound.FakeService;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built server with two services configured to run as tasks, over HTTP in both protocol eras against a real
 * upstream: the pet store's OpenAPI operations ({@code task-support: optional}, one operation {@code required}) and a
 * slow service that {@code api_request} calls ({@code task-support: optional}). {@code tools/list} shows each one's
 * {@code execution.taskSupport}; a call made as a task is created, polled and its result read.
 */
class OpenApiTasksEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ERA_2026 = "2026-07-28";
    private static final String TASKS = "io.modelcontextprotocol/tasks";

    @TempDir
    static Path workDir;

    private static final Map<String, String> ENV = Map.of(
            "MCP_HTTP_SCOPES", "services:use,services:petstore:read,services:petstore:write,services:reports:read");

    private static FakeService petstore;
    private static FakeService reports;
    private static HttpServerProcess server;
    private static final AtomicLong ids = new AtomicLong(1);

    @BeforeAll
    static void start() throws Exception {
        petstore = FakeService.start();
        petstore.on("GET health", json(200, "{}"))
                .on("GET openapi.yaml", text(200, "application/yaml", OpenApiEndToEndIT.document()))
                .on("GET pets/p1", slow(Duration.ofMillis(300), json(200, "{\"id\":\"p1\",\"name\":\"Rex\"}")))
                .on("POST pets", json(201, "{\"id\":\"p2\",\"name\":\"Tom\"}"));
        reports = FakeService.start();
        reports.on("GET health", json(200, "{}"))
                .on("GET reports/monthly", slow(Duration.ofMillis(300), json(200, "{\"total\":42}")));
        Path config = Files.writeString(
                workDir.resolve("bulwark.yaml"), """
                services:
                  petstore:
                    base-url: %s
                    methods: [GET, POST]
                    openapi: openapi.yaml
                    openapi-operations: [listPets, getPet, createPet]
                    task-support: optional
                    openapi-task-support: [createPet=required]
                  reports:
                    base-url: %s
                    task-support: optional
                """.formatted(petstore.baseUrl(), reports.baseUrl()));
        server = HttpServerProcess.start(workDir, ENV, "--config", config.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (petstore != null) {
            petstore.close();
        }
        if (reports != null) {
            reports.close();
        }
    }

    @Test
    void toolsListShowsEachToolsTaskSupportAsConfigured() throws IOException {
        String session = startSession();
        Map<String, String> support = new HashMap<>();
        for (JsonNode tool : result(sessionRequest(session, "tools/list", JSON.createObjectNode()))
                .path("tools")) {
            support.put(
                    tool.path("name").asText(),
                    tool.path("execution").path("taskSupport").asText("forbidden"));
        }

        assertThat(support)
                .containsEntry("petstore_getPet", "optional")
                .containsEntry("petstore_listPets", "optional")
                .containsEntry("petstore_createPet", "required")
                .containsEntry("api_request", "optional")
                .containsEntry("batch_api_requests", "forbidden")
                .containsEntry("list_services", "forbidden");
    }

    @Test
    void anOperationAndApiRequestRunAsTasksOfASessionCreatedPolledAndTheirResultsRead() throws IOException {
        String session = startSession();

        ObjectNode getPet = JSON.createObjectNode().put("name", "petstore_getPet");
        getPet.putObject("arguments").put("petId", "p1");
        getPet.putObject("task").put("ttl", 60000);
        JsonNode pet = sessionTaskResult(session, getPet);
        assertThat(pet.path("isError").asBoolean()).as(pet.toString()).isFalse();
        assertThat(pet.path("structuredContent").path("json").path("name").asText())
                .isEqualTo("Rex");

        ObjectNode apiRequest = JSON.createObjectNode().put("name", "api_request");
        apiRequest
                .putObject("arguments")
                .put("service", "reports")
                .put("method", "GET")
                .put("path", "reports/monthly");
        apiRequest.putObject("task");
        JsonNode report = sessionTaskResult(session, apiRequest);
        assertThat(report.path("isError").asBoolean()).as(report.toString()).isFalse();
        assertThat(report.path("structuredContent").path("status").asInt()).isEqualTo(200);
        assertThat(report.toString()).contains("42");
    }

    @Test
    void aRequiredOperationRunsAsATaskOfThe2026EraPolledWithItsNameHeader() {
        ObjectNode params = JSON.createObjectNode().put("name", "petstore_createPet");
        ObjectNode body = params.putObject("arguments").putObject("body").put("name", "Tom");
        body.putObject("kind").put("type", "dog").put("goodBoy", true);
        JsonNode created = result(stateless("tools/call", "petstore_createPet", params));
        assertThat(created.path("resultType").asText()).as(created.toString()).isEqualTo("task");
        String taskId = created.path("taskId").asText();

        JsonNode task = awaitEnded(() -> result(stateless("tasks/get", taskId, taskParams(taskId))));

        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("completed");
        assertThat(task.path("result").path("structuredContent").path("status").asInt())
                .isEqualTo(201);
        assertThat(task.path("result")
                        .path("structuredContent")
                        .path("json")
                        .path("id")
                        .asText())
                .isEqualTo("p2");
    }

    /** Creates the task of a 2025-era {@code tools/call}, polls it until it ends, and reads its result. */
    private static JsonNode sessionTaskResult(String session, ObjectNode call) {
        JsonNode created = result(sessionRequest(session, "tools/call", call));
        String taskId = created.path("task").path("taskId").asText();
        assertThat(taskId).as(created.toString()).isNotEmpty();
        JsonNode task = awaitEnded(() -> result(sessionRequest(session, "tasks/get", taskParams(taskId))));
        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("completed");
        return result(sessionRequest(session, "tasks/result", taskParams(taskId)));
    }

    /** Polls until the task is no longer working, for at most a minute. */
    private static JsonNode awaitEnded(java.util.function.Supplier<JsonNode> poll) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode task = poll.get();
        while (task.path("status").asText().equals("working") && System.nanoTime() < deadline) {
            HttpServerProcess.sleep(100);
            task = poll.get();
        }
        return task;
    }

    private static String startSession() {
        HttpResponse<String> initialized = server.initialize();
        assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(200);
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> accepted = server.post(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                Map.of("Mcp-Session-Id", session, "Accept", HttpServerProcess.ACCEPT_BOTH));
        assertThat(accepted.statusCode()).isEqualTo(202);
        return session;
    }

    private static JsonNode sessionRequest(String session, String method, ObjectNode params) {
        ObjectNode body = JSON.createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", ids.incrementAndGet())
                .put("method", method);
        body.set("params", params);
        return read(server.post(
                body.toString(),
                Map.of(
                        "Mcp-Session-Id",
                        session,
                        "MCP-Protocol-Version",
                        "2025-11-25",
                        "Accept",
                        HttpServerProcess.ACCEPT_BOTH)));
    }

    /** One stateless 2026-07-28 request declaring the Tasks extension. */
    private static JsonNode stateless(String method, String name, ObjectNode params) {
        ObjectNode meta = params.putObject("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", ERA_2026);
        meta.putObject("io.modelcontextprotocol/clientCapabilities")
                .putObject("extensions")
                .putObject(TASKS);
        ObjectNode body = JSON.createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", ids.incrementAndGet())
                .put("method", method);
        body.set("params", params);
        return read(server.post(
                body.toString(),
                Map.of(
                        "MCP-Protocol-Version",
                        ERA_2026,
                        "Mcp-Method",
                        method,
                        "Mcp-Name",
                        name,
                        "Accept",
                        HttpServerProcess.ACCEPT_BOTH)));
    }

    private static ObjectNode taskParams(String taskId) {
        return JSON.createObjectNode().put("taskId", taskId);
    }

    /** The JSON-RPC message of an answer, as plain JSON or as the last {@code data:} line of an event stream. */
    private static JsonNode read(HttpResponse<String> response) {
        String body = response.body();
        String json = body.stripLeading().startsWith("{")
                ? body
                : body.lines()
                        .filter(line -> line.startsWith("data:"))
                        .map(line -> line.substring("data:".length()).strip())
                        .reduce((first, last) -> last)
                        .orElseThrow(() ->
                                new AssertionError("no JSON-RPC answer (HTTP " + response.statusCode() + "): " + body));
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON (HTTP " + response.statusCode() + "): " + body, e);
        }
    }

    private static JsonNode result(JsonNode answer) {
        assertThat(answer.has("result")).as(answer.toString()).isTrue();
        return answer.get("result");
    }
}
