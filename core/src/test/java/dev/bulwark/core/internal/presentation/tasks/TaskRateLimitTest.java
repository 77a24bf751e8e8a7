package dev.bulwark.core.internal.presentation.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStatus;
import dev.bulwark.ports.tasks.TaskStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A task-supporting tool's rate limit decides when its task is created: a refused call is answered at once as the
 * same call without a task is, no task is created, and neither the task's run nor its run again after
 * {@code tasks/update} is charged a second time.
 */
class TaskRateLimitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{\"elicitation\":{},"
            + "\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}}";
    private static final ClientRequest.Elicitation CONFIRM = ClientRequest.elicitation(
            "confirm", "Go on?", Map.of("type", "object", "properties", Map.of("go", Map.of("type", "boolean"))));

    private final RecordingTaskStore store = new RecordingTaskStore();
    private final AtomicInteger runs = new AtomicInteger();
    private final Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
            .tool(Tool.builder("once_a_minute", Map.class, Void.class)
                    .inputSchema(Map.of("type", "object"))
                    .description("Runs as a task, at most once a minute per caller")
                    .taskSupport(Tool.TaskSupport.OPTIONAL)
                    .rateLimit(1, Duration.ofMinutes(1))
                    .handler((input, context) -> {
                        runs.incrementAndGet();
                        return ToolResult.text("ran");
                    })
                    .build())
            .tool(Tool.builder("confirm_once_a_minute", Map.class, Void.class)
                    .inputSchema(Map.of("type", "object"))
                    .description("Asks for confirmation while it runs as a task, at most once a minute per caller")
                    .taskSupport(Tool.TaskSupport.OPTIONAL)
                    .rateLimit(1, Duration.ofMinutes(1))
                    .handler((input, context) -> {
                        runs.incrementAndGet();
                        context.ask(CONFIRM);
                        return ToolResult.text("confirmed");
                    })
                    .build())
            .taskStore(store)
            .build();

    @AfterEach
    void close() {
        bulwark.close();
    }

    @Test
    void theTaskRunsUnchargedAndTheNextCallIsRefusedAtOnceWithoutATask() throws Exception {
        JsonNode created = call(1, "once_a_minute").path("result");
        assertThat(created.path("resultType").asText()).as(created.toString()).isEqualTo("task");
        String taskId = created.path("taskId").asText();
        assertThat(store.awaitStatus()).isEqualTo(TaskStatus.COMPLETED);
        JsonNode done = request(2, "tasks/get", taskId, "{\"taskId\":\"" + taskId + "\",\"_meta\":" + META + "}");
        assertThat(done.path("result").path("result").path("isError").asBoolean(false))
                .as("the task's run was charged when the task was created, not again: %s", done)
                .isFalse();

        JsonNode refused = call(3, "once_a_minute");

        JsonNode result = refused.path("result");
        assertThat(result.path("resultType").asText()).as(refused.toString()).isEqualTo("complete");
        assertThat(result.has("taskId")).isFalse();
        assertThat(result.path("isError").asBoolean()).isTrue();
        assertThat(result.path("content").path(0).path("text").asText())
                .startsWith("Rate limit exceeded for tool 'once_a_minute' (1 calls per minute)");
        assertThat(result.path("_meta").path("dev.bulwark/error-type").asText()).isEqualTo("rate_limited");
        assertThat(result.path("_meta").path("dev.bulwark/retry-after-ms").asLong())
                .isPositive();
        assertThat(store.created).as("no task for the refused call").hasSize(1);
        assertThat(runs).hasValue(1);
    }

    @Test
    void aTaskRunAgainAfterItsInputArrivesIsNotChargedAgain() throws Exception {
        JsonNode created = call(1, "confirm_once_a_minute").path("result");
        String taskId = created.path("taskId").asText();
        assertThat(store.awaitStatus()).isEqualTo(TaskStatus.INPUT_REQUIRED);

        JsonNode updated = request(
                2,
                "tasks/update",
                taskId,
                "{\"taskId\":\"" + taskId + "\",\"inputResponses\":{\"confirm\":"
                        + "{\"action\":\"accept\",\"content\":{\"go\":true}}},\"_meta\":" + META + "}");
        assertThat(updated.has("result")).as(updated.toString()).isTrue();
        assertThat(store.awaitStatus()).isEqualTo(TaskStatus.WORKING);
        assertThat(store.awaitStatus()).isEqualTo(TaskStatus.COMPLETED);

        JsonNode done = request(3, "tasks/get", taskId, "{\"taskId\":\"" + taskId + "\",\"_meta\":" + META + "}");
        JsonNode result = done.path("result").path("result");
        assertThat(result.path("isError").asBoolean(false)).as(done.toString()).isFalse();
        assertThat(result.path("content").path(0).path("text").asText()).isEqualTo("confirmed");
        assertThat(runs).hasValue(2);
    }

    private JsonNode call(int id, String tool) throws Exception {
        return request(id, "tools/call", tool, "{\"name\":\"" + tool + "\",\"arguments\":{},\"_meta\":" + META + "}");
    }

    private JsonNode request(int id, String method, String name, String params) throws Exception {
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params
                        + "}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>();
        headers.put("mcp-protocol-version", "2026-07-28");
        headers.put("mcp-method", method);
        headers.put("mcp-name", name);
        Era2026Answer answer = bulwark.era2026()
                .serve(
                        ParsedEra2026Requests.overHttp(body, headers, RequestOrigin.of(Principal.of("alice"))),
                        notification -> {})
                .get(30, TimeUnit.SECONDS);
        return JSON.readTree(answer.json());
    }

    /** The task store in memory, telling each status a task was moved to as it is stored. */
    private static final class RecordingTaskStore implements TaskStore {

        private final InMemoryTaskStore delegate = new InMemoryTaskStore();
        final List<String> created = new ArrayList<>();
        private final BlockingQueue<TaskStatus> moves = new LinkedBlockingQueue<>();

        @Override
        public synchronized void create(TaskRecord record, int maxKept, int maxActive, Instant now) {
            delegate.create(record, maxKept, maxActive, now);
            created.add(record.taskId());
        }

        @Override
        public Optional<TaskRecord> find(String taskId, Instant now) {
            return delegate.find(taskId, now);
        }

        @Override
        public boolean remove(TaskRecord current) {

            return delegate.remove(current);
        }

        @Override
        public boolean replace(TaskRecord current, TaskRecord next) {
            boolean replaced = delegate.replace(current, next);
            if (replaced && next.status() != current.status()) {
                moves.add(next.status());
            }
            return replaced;
        }

        @Override
        public List<TaskRecord> owned(String owner, Instant now) {
            return delegate.owned(owner, now);
        }

        /** The next status a task moved to, waiting at most 30 s for it. */
        TaskStatus awaitStatus() throws InterruptedException {
            TaskStatus next = moves.poll(30, TimeUnit.SECONDS);
            assertThat(next).as("a task moved within 30 s").isNotNull();
            return next;
        }
    }
}
