package dev.bulwark.core.internal.business.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskQueue;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.tasks.TaskQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An engine that stops while a task waits in it for a slot, never started: the task goes back to the shared queue for
 * another runner at once, or, with no shared queue, fails saying the server stopped before it ran. The task running
 * there ends as before.
 */
class TaskEngineStopTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestOrigin ALICE = RequestOrigin.of(Principal.of("alice", "tools:read"));
    /** Long enough that the background heartbeat and polls never come during a test: the test drives them. */
    private static final TaskSettings SETTINGS = TaskSettings.defaults()
            .withLease(Duration.ofMinutes(10), Duration.ofMinutes(3))
            .withPollInterval(Duration.ofMinutes(1));

    private static final Instant START = Instant.parse("2026-07-28T10:00:00Z");

    private final AtomicLong nanos = new AtomicLong();
    /** The time of the engines: it moves with the queue's {@link #nanos}. */
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException("one zone");
        }

        @Override
        public Instant instant() {
            return START.plusNanos(nanos.get());
        }
    };

    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private final InMemoryTaskQueue queue = new InMemoryTaskQueue(nanos::get);
    private Engine first = new Engine(Optional.empty());
    private Engine second = new Engine(Optional.empty());

    record Run(String taskId, CompletableFuture<TaskOutcome> outcome) {}

    /** One engine whose fake runner records each run and never ends it. */
    private final class Engine {
        final BlockingQueue<Run> runs = new LinkedBlockingQueue<>();
        final Era2026View tasks;

        /** @param shared the queue shared with the other engine, if any */
        Engine(Optional<TaskQueue> shared) {
            tasks = new Era2026View(
                    JSON,
                    SETTINGS,
                    new TaskEngine(
                            JSON,
                            store,
                            SETTINGS,
                            clock,
                            List.of(Tool.builder("single", Map.class, Void.class)
                                    .inputSchema(Map.of("type", "object"))
                                    .description("Runs one call at once, and may not run a call twice")
                                    .maxConcurrency(1)
                                    .taskSupport(Tool.TaskSupport.OPTIONAL)
                                    .handler((input, context) -> ToolResult.text("done"))
                                    .build()),
                            16,
                            (taskId, params, origin, cancelled) -> {
                                Run run = new Run(taskId, new CompletableFuture<>());
                                runs.add(run);
                                return run.outcome();
                            },
                            shared,
                            Optional.empty()));
        }

        String start() {
            return tasks.start(JSON.createObjectNode().put("name", "single"), ALICE)
                    .path("taskId")
                    .asText();
        }

        Run nextRun() throws InterruptedException {
            Run run = runs.poll(30, TimeUnit.SECONDS);
            assertThat(run).as("a run within 30 s").isNotNull();
            return run;
        }
    }

    @AfterEach
    void stop() {
        first.tasks.close();
        second.tasks.close();
    }

    @Test
    void withoutASharedQueueATaskThatNeverStartedFailsSayingTheServerStoppedBeforeItRan() throws Exception {
        String running = first.start();
        String waiting = first.start();
        assertThat(first.nextRun().taskId()).isEqualTo(running);
        assertThat(first.tasks.get(waiting, ALICE).path("statusMessage").asText())
                .startsWith("Waiting for a slot");

        first.tasks.close();

        JsonNode stopped = second.tasks.get(waiting, ALICE);
        assertThat(stopped.path("status").asText()).isEqualTo("failed");
        assertThat(stopped.path("statusMessage").asText())
                .startsWith("The server stopped before the task ran")
                .doesNotContain("runner stopped");
        assertThat(second.tasks.get(running, ALICE).path("status").asText())
                .as("a running task ends as before: by its lease")
                .isEqualTo("working");
        assertThat(first.runs).as("the waiting task never ran").isEmpty();
    }

    @Test
    void withASharedQueueATaskThatNeverStartedIsTakenByAnotherRunnerAtOnce() throws Exception {
        first.tasks.close();
        second.tasks.close();
        first = new Engine(Optional.of(queue));
        second = new Engine(Optional.of(queue));
        String running = first.start();
        assertThat(first.nextRun().taskId()).isEqualTo(running);
        String waiting = first.start(); // taken from the queue by the first engine, where it waits for the slot
        assertThat(first.tasks.get(waiting, ALICE).path("statusMessage").asText())
                .startsWith("Waiting for a slot");

        first.tasks.close();
        second.tasks.beat(); // no time passed: nothing of the first engine's is taken over

        Run taken = second.runs.poll();
        assertThat(taken).as("run by the second engine at once").isNotNull();
        assertThat(taken.taskId()).isEqualTo(waiting);
        assertThat(second.tasks.get(waiting, ALICE).path("status").asText()).isEqualTo("working");

        nanos.addAndGet(Duration.ofMinutes(5).toNanos()); // half the lease without a renewal
        second.tasks.beat();
        JsonNode lost = second.tasks.get(running, ALICE);
        assertThat(lost.path("status").asText())
                .as("the running task ends as before")
                .isEqualTo("failed");
        assertThat(lost.path("statusMessage").asText()).startsWith("The task's runner stopped before the task ended");
        assertThat(second.tasks.get(waiting, ALICE).path("status").asText()).isEqualTo("working");
    }
}
