package dev.bulwark.bootstrap.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.business.tasks.TaskEngine;
import dev.bulwark.core.internal.business.tasks.TaskOutcome;
import dev.bulwark.core.internal.presentation.era2026.TaskWire;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.redis.EmbeddedRedis;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisSettings;
import dev.bulwark.redis.RedisTaskQueue;
import dev.bulwark.redis.RedisTaskStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two task engines, each with its own connection to one real Redis, sharing the task store and the task queue: the
 * first takes a task and stops without ending it (its heartbeat stops, as when its process is killed); the second
 * takes the task over once its hold went unrenewed for half a lease, and runs it again when its tool is read-only
 * (repeatable), else fails it saying its runner stopped. Runs are fakes that end when the test says.
 */
class RedisTaskRunnersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestOrigin ALICE = RequestOrigin.of(Principal.of("alice", "tools:read"));
    private static final TaskSettings SETTINGS =
            TaskSettings.defaults().withLease(Duration.ofSeconds(2), Duration.ofMillis(300));

    private final EmbeddedRedis server = EmbeddedRedis.start();
    private final Runner first = new Runner();
    private final Runner second = new Runner();

    record Run(String taskId, CompletableFuture<TaskOutcome> outcome) {}

    /** One engine on its own connection, with a fake runner that records each run it is asked for. */
    private final class Runner implements AutoCloseable {
        final RedisConnection redis = RedisConnection.builder(RedisSettings.builder()
                        .url(server.url())
                        .operationTimeout(Duration.ofSeconds(2))
                        .build())
                .build();
        final BlockingQueue<Run> runs = new LinkedBlockingQueue<>();
        final TaskEngine tasks = new TaskEngine(
                JSON,
                new RedisTaskStore(redis),
                SETTINGS,
                Clock.systemUTC(),
                List.of(tool("write_once", false), tool("look_up", true)),
                16,
                (taskId, params, origin, cancelled) -> {
                    Run run = new Run(taskId, new CompletableFuture<>());
                    runs.add(run);
                    return run.outcome();
                },
                Optional.of(new RedisTaskQueue(redis)),
                Optional.empty());
        final TaskWire wire = new TaskWire(JSON, SETTINGS, tasks);

        Run nextRun() throws InterruptedException {
            Run run = runs.poll(30, TimeUnit.SECONDS);
            assertThat(run).as("a run within 30 s").isNotNull();
            return run;
        }

        @Override
        public void close() {
            tasks.close();
            redis.close();
        }
    }

    private static Tool<Map, Void> tool(String name, boolean readOnly) {
        return Tool.builder(name, Map.class, Void.class)
                .inputSchema(Map.of("type", "object"))
                .description(name)
                .readOnly(readOnly)
                .taskSupport(Tool.TaskSupport.OPTIONAL)
                .handler((input, context) -> ToolResult.text("done"))
                .build();
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
        server.close();
    }

    private static String start(Runner runner, String tool) {
        return runner.wire
                .created(runner.tasks.start(JSON.createObjectNode().put("name", tool), ALICE))
                .path("taskId")
                .asText();
    }

    /** The task as {@code tasks/get} shows it once it has left {@code working}: at most 30 s of polls. */
    private static JsonNode ended(Runner runner, String taskId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode task = runner.wire.detailed(runner.tasks.visible(taskId, ALICE));
        while (task.path("status").asText().equals("working") && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
            task = runner.wire.detailed(runner.tasks.visible(taskId, ALICE));
        }
        return task;
    }

    private static ObjectNode text(String text) {
        ObjectNode result = JSON.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        return result;
    }

    @Test
    void aTaskOfAStoppedRunnerFailsSayingSoWhenItsToolMayNotRepeat() throws Exception {
        String taskId = start(first, "write_once");
        assertThat(first.nextRun().taskId())
                .as("the runner that accepted it takes it")
                .isEqualTo(taskId);

        first.tasks.close(); // stops renewing without ending the run

        JsonNode task = ended(second, taskId);
        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("failed");
        assertThat(task.path("statusMessage").asText()).startsWith("The task's runner stopped before the task ended");
        assertThat(second.runs).as("not run twice").isEmpty();
    }

    @Test
    void aTaskOfAStoppedRunnerRunsAgainOnTheOtherWhenItsToolIsReadOnly() throws Exception {
        String taskId = start(first, "look_up");
        first.nextRun();

        first.tasks.close();

        Run again = second.nextRun();
        assertThat(again.taskId()).isEqualTo(taskId);
        again.outcome().complete(new TaskOutcome(null, text("found"), null));
        JsonNode task = ended(second, taskId);
        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("completed");
        assertThat(task.path("result").path("content").path(0).path("text").asText())
                .isEqualTo("found");
    }

    @Test
    void aTaskRunOnOneRunnerIsServedByTheOther() throws Exception {
        String taskId = start(first, "look_up");
        Run run = first.nextRun();
        run.outcome().complete(new TaskOutcome(null, text("found on first"), null));

        assertThat(ended(second, taskId).path("status").asText()).isEqualTo("completed");
        assertThat(second.runs).isEmpty();
    }
}
