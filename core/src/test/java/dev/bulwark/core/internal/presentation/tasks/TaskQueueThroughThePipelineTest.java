package dev.bulwark.core.internal.presentation.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.tasks.TaskRecord;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tasks of a tool at its concurrency limit wait their turn through the real pipeline, and none ends as busy. */
class TaskQueueThroughThePipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}}";

    private final CountDownLatch release = new CountDownLatch(1);
    private final BlockingQueue<String> entered = new LinkedBlockingQueue<>();
    private final EndingTaskStore store = new EndingTaskStore();
    private final Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
            .tool(Tool.builder("one_at_a_time", Map.class, Void.class)
                    .inputSchema(Map.of("type", "object"))
                    .description("Runs as a task, one call at once")
                    .taskSupport(Tool.TaskSupport.OPTIONAL)
                    .maxConcurrency(1)
                    .timeout(Duration.ofMinutes(5))
                    .handler((input, context) -> {
                        entered.add("entered");
                        if (!release.await(60, TimeUnit.SECONDS)) {
                            return ToolResult.text("not released");
                        }
                        return ToolResult.text("ran");
                    })
                    .build())
            .taskStore(store)
            .build();

    @AfterEach
    void close() {
        release.countDown();
        bulwark.close();
    }

    @Test
    void theTasksOverTheLimitWaitWorkingThenEachRunsAndCompletes() throws Exception {
        List<String> taskIds = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            JsonNode created = request(
                            id,
                            "tools/call",
                            "one_at_a_time",
                            "{\"name\":\"one_at_a_time\"," + "\"arguments\":{},\"_meta\":" + META + "}")
                    .path("result");
            assertThat(created.path("resultType").asText())
                    .as(created.toString())
                    .isEqualTo("task");
            taskIds.add(created.path("taskId").asText());
        }
        assertThat(entered.poll(30, TimeUnit.SECONDS)).as("the first task runs").isNotNull();

        for (String waiting : taskIds.subList(1, 3)) {
            JsonNode task = get(waiting);
            assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("working");
            assertThat(task.path("statusMessage").asText()).startsWith("Waiting for a slot: tool 'one_at_a_time'");
        }
        assertThat(entered).as("no second run while the first holds the slot").isEmpty();
        release.countDown();

        for (int i = 0; i < 3; i++) {
            assertThat(store.ended.poll(30, TimeUnit.SECONDS))
                    .as("a task ended")
                    .isNotNull();
        }
        for (String taskId : taskIds) {
            JsonNode task = get(taskId);
            assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("completed");
            assertThat(task.path("result").path("content").path(0).path("text").asText())
                    .isEqualTo("ran");
        }
    }

    private JsonNode get(String taskId) throws Exception {
        return request(9, "tasks/get", taskId, "{\"taskId\":\"" + taskId + "\",\"_meta\":" + META + "}")
                .path("result");
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

    /** The task store in memory, telling each task that ended as it is stored. */
    private static final class EndingTaskStore implements TaskStore {

        private final InMemoryTaskStore delegate = new InMemoryTaskStore();
        final BlockingQueue<String> ended = new LinkedBlockingQueue<>();

        @Override
        public void create(TaskRecord record, int maxKept, int maxActive, Instant now) {
            delegate.create(record, maxKept, maxActive, now);
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
            if (replaced && next.status().isTerminal()) {
                ended.add(next.taskId());
            }
            return replaced;
        }

        @Override
        public List<TaskRecord> owned(String owner, Instant now) {
            return delegate.owned(owner, now);
        }
    }
}
