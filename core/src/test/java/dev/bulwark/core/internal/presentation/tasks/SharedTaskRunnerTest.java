package dev.bulwark.core.internal.presentation.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskQueue;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines sharing one store and one queue: a task runs on whichever takes it, and the task of a runner that stopped
 * is taken over by the other, run again when its tool may repeat, else failed saying its runner stopped.
 */
class SharedTaskRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestOrigin ALICE = RequestOrigin.of(Principal.of("alice", "tools:read"));
    /** Long enough that the background heartbeat and polls never come during a test: the test drives them. */
    private static final TaskSettings SETTINGS = TaskSettings.defaults()
            .withLease(Duration.ofMinutes(10), Duration.ofMinutes(3))
            .withPollInterval(Duration.ofMinutes(1));

    private final AtomicLong nanos = new AtomicLong();
    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private final InMemoryTaskQueue queue = new InMemoryTaskQueue(nanos::get);
    private final Engine first = new Engine();
    private final Engine second = new Engine();

    record Run(String taskId, RequestOrigin origin, CompletableFuture<Tasks.Outcome> outcome) {}

    /** One engine with a fake runner that records each run it is asked for. */
    private final class Engine {
        final BlockingQueue<Run> runs = new LinkedBlockingQueue<>();
        final Tasks tasks;

        Engine() {
            List<Tool<?, ?>> tools = List.of(tool("write_once", false), tool("look_up", true));
            tasks = new Tasks(
                    JSON,
                    store,
                    SETTINGS,
                    Clock.fixed(Instant.parse("2026-07-28T10:00:00Z"), ZoneOffset.UTC),
                    tools,
                    new SimpleMeterRegistry(),
                    16);
            tasks.runWith((taskId, params, origin, cancelled) -> {
                Run run = new Run(taskId, origin, new CompletableFuture<>());
                runs.add(run);
                return run.outcome();
            });
            tasks.runThrough(queue);
        }

        Run nextRun() throws InterruptedException {
            Run run = runs.poll(30, TimeUnit.SECONDS);
            assertThat(run).as("a run within 30 s").isNotNull();
            return run;
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
        first.tasks.close();
        second.tasks.close();
    }

    private static String start(Engine engine, String tool) {
        return engine.tasks
                .start(JSON.createObjectNode().put("name", tool), ALICE)
                .path("taskId")
                .asText();
    }

    private static ObjectNode text(String text) {
        ObjectNode result = JSON.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        return result;
    }

    @Test
    void aTaskCreatedHereIsTakenFromTheQueueAndRunsAsItsCallerWithItsScopes() throws Exception {
        String taskId = start(first, "write_once");

        Run run = first.nextRun();
        assertThat(run.taskId()).isEqualTo(taskId);
        assertThat(run.origin().caller()).contains(Principal.of("alice", "tools:read"));
        assertThat(run.origin().taskRun())
                .as("set by the runner of the era, not here")
                .isFalse();
        run.outcome().complete(new Tasks.Outcome(null, text("42"), null));

        assertThat(second.tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("completed");
        assertThat(queue.takeOver("anyone", Duration.ZERO, 10))
                .as("its entry is done")
                .isEmpty();
        assertThat(queue.take("anyone", 10)).isEmpty();
    }

    @Test
    void aTaskTakenByAnotherRunnerRunsWithTheTraceContextAndRequestIdOfTheCallThatCreatedIt() throws Exception {
        Map<String, String> trace = Map.of(
                "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "tracestate", "congo=t61");
        RequestOrigin creating =
                ALICE.toBuilder().clientRequestId("req-42").traceContext(trace).build();
        Tasks accepting = new Tasks(
                JSON,
                store,
                SETTINGS,
                Clock.systemUTC(),
                List.of(tool("write_once", false)),
                new SimpleMeterRegistry(),
                16);
        try {
            accepting.runThrough(queue); // it runs nothing itself: another runner takes its task
            String taskId = accepting
                    .start(JSON.createObjectNode().put("name", "write_once"), creating)
                    .path("taskId")
                    .asText();

            second.tasks.beat();

            Run run = second.nextRun();
            assertThat(run.taskId()).isEqualTo(taskId);
            assertThat(run.origin().traceContext()).isEqualTo(trace);
            assertThat(run.origin().clientRequestId()).contains("req-42");
        } finally {
            accepting.close();
        }
    }

    @Test
    void aTaskWhoseRunnerStoppedFailsSayingSoWhenItsToolMayNotRepeat() throws Exception {
        String taskId = start(first, "write_once");
        first.nextRun(); // runs on the first engine, which then stops without ending it
        first.tasks.close();

        nanos.addAndGet(Duration.ofMinutes(5).toNanos()); // half the lease without a renewal
        second.tasks.beat();

        JsonNode task = second.tasks.get(taskId, ALICE);
        assertThat(task.path("status").asText()).isEqualTo("failed");
        assertThat(task.path("statusMessage").asText()).startsWith("The task's runner stopped before the task ended");
        assertThat(second.runs).as("not run twice").isEmpty();
        assertThat(queue.takeOver("anyone", Duration.ZERO, 10)).isEmpty();
    }

    @Test
    void aTaskWhoseRunnerStoppedRunsAgainElsewhereWhenItsToolMayRepeat() throws Exception {
        String taskId = start(first, "look_up");
        first.nextRun();
        first.tasks.close();

        nanos.addAndGet(Duration.ofMinutes(5).toNanos());
        second.tasks.beat();

        Run again = second.nextRun();
        assertThat(again.taskId()).isEqualTo(taskId);
        assertThat(second.tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("working");
        again.outcome().complete(new Tasks.Outcome(null, text("found"), null));
        assertThat(second.tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("completed");
    }

    @Test
    void aRunnerThatRenewsItsHoldsKeepsThem() throws Exception {
        String taskId = start(first, "write_once");
        first.nextRun();

        nanos.addAndGet(Duration.ofMinutes(3).toNanos());
        first.tasks.beat(); // renews
        nanos.addAndGet(Duration.ofMinutes(3).toNanos());
        second.tasks.beat();

        assertThat(second.runs).isEmpty();
        assertThat(second.tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("working");
    }
}
