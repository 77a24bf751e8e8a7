package dev.bulwark.core.extensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Extension;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.audit.AuditRecord;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bulwark's Tasks extension as an embedder sees it: in the same registry as the embedder's own extension, declared
 * beside it, its methods answered through the pipeline as follow-ups of the call that created the task.
 */
class TasksThroughTheExtensionRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TASKS = "io.modelcontextprotocol/tasks";
    private static final String DECLARING = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"" + TASKS + "\":{}}}}";
    private static final String SILENT = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
    private static final Principal ALICE = Principal.of("alice");

    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Boolean> ranAsTask = new CopyOnWriteArrayList<>();
    private final Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
            .auditLog(audit::add)
            .meterRegistry(meters)
            .tool(Tool.builder("report", Map.class, Void.class)
                    .inputSchema(Map.of("type", "object"))
                    .description("Builds a report, as a task")
                    .taskSupport(Tool.TaskSupport.OPTIONAL)
                    .handler((input, context) -> {
                        ranAsTask.add(context.runsAsTask());
                        return ToolResult.text("the report");
                    })
                    .build())
            .extension(Extension.builder("com.example/notes")
                    .method("notes/count", (params, context) -> Map.of("count", 2))
                    .build())
            .build();

    @AfterEach
    void close() {
        bulwark.close();
    }

    @Test
    void tasksAreFoundInTheRegistryBesideTheEmbeddersExtension() {
        assertThat(bulwark.extensions()).extracting(Extension::id).containsExactly(TASKS, "com.example/notes");
        Extension tasks = bulwark.extensions().get(0);
        assertThat(tasks.methods())
                .allSatisfy(method -> assertThat(method.followsUp()).isTrue())
                .extracting(method -> method.name())
                .containsExactlyInAnyOrder("tasks/get", "tasks/update", "tasks/cancel");
        assertThat(tasks.clientMustDeclare()).isTrue();
        assertThat(tasks.servedIn(ProtocolEra.REQUESTS_2026_07_28)).isTrue();
        assertThat(tasks.servedIn(ProtocolEra.SESSIONS_2025_11_25))
                .as("tasks are the session era's base protocol, not an extension there")
                .isFalse();
    }

    @Test
    void aServerWithoutTaskToolsHasNoTasksExtension() {
        try (Bulwark plain = Bulwark.builder(BulwarkConfig.defaults())
                .extension(Extension.builder("com.example/notes")
                        .method("notes/count", (params, context) -> Map.of())
                        .build())
                .build()) {
            assertThat(plain.extensions()).extracting(Extension::id).containsExactly("com.example/notes");
        }
    }

    @Test
    void discoveryDeclaresBothFromTheRegistry() throws Exception {
        JsonNode discovered = request(1, "server/discover", "", "{\"_meta\":" + SILENT + "}");

        JsonNode offered = discovered.path("result").path("capabilities").path("extensions");
        assertThat(offered.has(TASKS)).as(discovered.toString()).isTrue();
        assertThat(offered.has("com.example/notes")).isTrue();
    }

    @Test
    void aPollIsAFollowUpThroughThePipelineCountedUnderItsMethodButNotAudited() throws Exception {
        JsonNode created = request(
                        2,
                        "tools/call",
                        "report",
                        "{\"name\":\"report\",\"arguments\":{},\"task\":{},\"_meta\":" + DECLARING + "}")
                .path("result");
        assertThat(created.path("resultType").asText()).as(created.toString()).isEqualTo("task");
        String taskId = created.path("taskId").asText();

        JsonNode done = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> get(3, taskId),
                        polled -> "completed"
                                .equals(polled.path("result").path("status").asText()));

        assertThat(done.path("result")
                        .path("result")
                        .path("content")
                        .path(0)
                        .path("text")
                        .asText())
                .as(done.toString())
                .isEqualTo("the report");
        assertThat(meters.find("mcp.requests")
                        .tags("method", "tasks/get", "status", "ok")
                        .counter())
                .as("each poll is counted under its own method")
                .isNotNull()
                .satisfies(counter -> assertThat(counter.count()).isGreaterThanOrEqualTo(1));
        assertThat(meters.find("mcp.requests").tag("method", "tools/call").counters())
                .as("the task's run is the only tool call: no poll is counted as one")
                .singleElement()
                .satisfies(counter -> assertThat(counter.count()).isEqualTo(1));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(audit).isNotEmpty());
        assertThat(audit)
                .as("the call that created the task, audited once when it ran, under its task; not its answer, no poll")
                .singleElement()
                .satisfies(line -> {
                    assertThat(line.tool()).isEqualTo("report");
                    assertThat(line.requestId()).isEqualTo("task:" + taskId);
                });
    }

    @Test
    void aTasksRunIsToldItRunsAsATask() throws Exception {
        JsonNode created = request(
                        7, "tools/call", "report", "{\"name\":\"report\",\"arguments\":{},\"_meta\":" + DECLARING + "}")
                .path("result");
        String taskId = created.path("taskId").asText();

        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> get(8, taskId),
                        polled -> "completed"
                                .equals(polled.path("result").path("status").asText()));

        assertThat(ranAsTask).as(created.toString()).containsExactly(true);
    }

    @Test
    void aClientThatDoesNotNameTheExtensionIsRefusedAsForAnyExtension() throws Exception {
        JsonNode refused = request(4, "tasks/get", "t1", "{\"taskId\":\"t1\",\"_meta\":" + SILENT + "}");

        assertThat(refused.path("error").path("code").asInt())
                .as(refused.toString())
                .isEqualTo(-32021);
        assertThat(refused.path("error")
                        .path("data")
                        .path("requiredCapabilities")
                        .path("extensions")
                        .has(TASKS))
                .isTrue();
    }

    @Test
    void anUnknownTaskIsInvalidParamsNamingWhy() throws Exception {
        JsonNode refused = get(5, "no-such-task");

        assertThat(refused.path("error").path("code").asInt())
                .as(refused.toString())
                .isEqualTo(-32602);
        assertThat(refused.path("error").path("message").asText()).startsWith("Task not found");
    }

    @Test
    void aTaskIdThatIsNoStringIsInvalidParams() throws Exception {
        JsonNode refused = request(6, "tasks/cancel", "", "{\"taskId\":7,\"_meta\":" + DECLARING + "}");

        assertThat(refused.path("error").path("code").asInt())
                .as(refused.toString())
                .isEqualTo(-32602);
        assertThat(refused.path("error").path("message").asText()).contains("taskId is required, a string");
    }

    private JsonNode get(int id, String taskId) throws Exception {
        return request(id, "tasks/get", taskId, "{\"taskId\":\"" + taskId + "\",\"_meta\":" + DECLARING + "}");
    }

    private JsonNode request(int id, String method, String name, String params) throws Exception {
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params
                        + "}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = name.isEmpty()
                ? Map.of("mcp-protocol-version", "2026-07-28", "mcp-method", method)
                : Map.of("mcp-protocol-version", "2026-07-28", "mcp-method", method, "mcp-name", name);
        Era2026Answer answer = bulwark.era2026()
                .serve(ParsedEra2026Requests.overHttp(body, headers, RequestOrigin.of(ALICE)), notification -> {})
                .get(30, TimeUnit.SECONDS);
        return JSON.readTree(answer.json());
    }
}
