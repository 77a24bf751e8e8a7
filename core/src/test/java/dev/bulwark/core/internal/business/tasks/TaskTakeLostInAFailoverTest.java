package dev.bulwark.core.internal.business.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskQueue;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.tasks.HeldTask;
import dev.bulwark.ports.tasks.QueuedTask;
import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis failover can lose a take the old primary answered: the task's entry is undelivered again and another runner
 * takes it afresh. The mark a run stores before its call makes that a take-over: a call that may not run twice is not
 * run again, one that may repeat is.
 */
class TaskTakeLostInAFailoverTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestOrigin ALICE = RequestOrigin.of(Principal.of("alice", "tools:read"));
    /** Long enough that the background heartbeat and polls never come during a test: the test drives them. */
    private static final TaskSettings SETTINGS = TaskSettings.defaults()
            .withLease(Duration.ofMinutes(10), Duration.ofMinutes(3))
            .withPollInterval(Duration.ofMinutes(1));

    private final Clock clock = Clock.fixed(Instant.parse("2026-07-28T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryTaskStore memory = new InMemoryTaskStore();
    /** How many of the next durable changes fail, as a write no replica acknowledged in time does. */
    private final AtomicInteger unacknowledged = new AtomicInteger();
    /** How many of the next durable changes fail without being stored, as a write to a primary that went down does. */
    private final AtomicInteger lostWrites = new AtomicInteger();
    /** Whether the next change that is stored holds its writer until {@link #releaseWriter}, right after it. */
    private final AtomicBoolean holdNextWriter = new AtomicBoolean();

    private final CountDownLatch writerHeld = new CountDownLatch(1);
    private final CountDownLatch releaseWriter = new CountDownLatch(1);

    private final TaskStore store = new TaskStore() {
        @Override
        public void create(TaskRecord record, int maxKept, int maxActive, Instant now) {
            memory.create(record, maxKept, maxActive, now);
        }

        @Override
        public Optional<TaskRecord> find(String taskId, Instant now) {
            return memory.find(taskId, now);
        }

        @Override
        public boolean remove(TaskRecord current) {
            return memory.remove(current);
        }

        @Override
        public boolean replace(TaskRecord current, TaskRecord next) {
            boolean replaced = memory.replace(current, next);
            if (replaced && holdNextWriter.compareAndSet(true, false)) {
                writerHeld.countDown();
                try {
                    releaseWriter.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return replaced;
        }

        @Override
        public boolean replaceDurably(TaskRecord current, TaskRecord next) {
            if (lostWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new DependencyUnavailableException("redis", "the primary went down");
            }
            if (unacknowledged.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                memory.replace(current, next); // stored on the primary, not acknowledged by a replica
                throw new DependencyUnavailableException("redis", "no replica acknowledged the change");
            }
            return memory.replace(current, next);
        }

        @Override
        public List<TaskRecord> owned(String owner, Instant now) {
            return memory.owned(owner, now);
        }
    };

    private final FailingOverQueue queue = new FailingOverQueue(new InMemoryTaskQueue(System::nanoTime));
    private final Engine first = new Engine();
    private final Engine second = new Engine();

    /**
     * A shared queue whose primary can fail over: {@link #loseTakes()} undelivers every entry taken so far, as a
     * promoted replica that never received the takes has them.
     */
    private static final class FailingOverQueue implements TaskQueue {
        private record Take(String runner, HeldTask held) {}

        private final InMemoryTaskQueue queue;
        private final List<Take> takes = new ArrayList<>();

        FailingOverQueue(InMemoryTaskQueue queue) {
            this.queue = queue;
        }

        synchronized void loseTakes() {
            for (Take take : takes) {
                queue.release(take.runner(), take.held());
            }
            takes.clear();
        }

        private synchronized List<HeldTask> taken(String runner, List<HeldTask> held) {
            held.forEach(task -> takes.add(new Take(runner, task)));
            return held;
        }

        @Override
        public void offer(QueuedTask task, Bounds bounds) {
            queue.offer(task, bounds);
        }

        @Override
        public List<HeldTask> offerAndTake(QueuedTask task, Bounds bounds, String runner) {
            return taken(runner, queue.offerAndTake(task, bounds, runner));
        }

        @Override
        public List<HeldTask> take(String runner, int max) {
            return taken(runner, queue.take(runner, max));
        }

        @Override
        public List<HeldTask> takeOver(String runner, Duration idleFor, int max) {
            return taken(runner, queue.takeOver(runner, idleFor, max));
        }

        @Override
        public List<HeldTask> renew(String runner, List<HeldTask> held) {
            return queue.renew(runner, held);
        }

        @Override
        public boolean done(String runner, HeldTask held) {
            return queue.done(runner, held);
        }

        @Override
        public void release(String runner, HeldTask held) {
            queue.release(runner, held);
        }
    }

    /** One engine with a fake runner that records each call it is asked to run. */
    private final class Engine {
        final BlockingQueue<CompletableFuture<TaskOutcome>> calls = new LinkedBlockingQueue<>();
        final Era2026View tasks = new Era2026View(
                JSON,
                SETTINGS,
                new TaskEngine(
                        JSON,
                        store,
                        SETTINGS,
                        clock,
                        List.of(tool("write_once", false), tool("look_up", true)),
                        16,
                        (taskId, params, origin, cancelled) -> {
                            CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
                            calls.add(outcome);
                            return outcome;
                        },
                        Optional.of(queue),
                        Optional.empty()));
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

    private String start(String tool) {
        return first.tasks
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
    void aTaskWhoseToolMayNotRunTwiceIsNotRunAgainWhenItsTakeIsLostAndFailsSayingItsRunnerStopped() {
        String taskId = start("write_once");
        assertThat(first.calls)
                .as("the first runner took it and called its tool")
                .hasSize(1);

        queue.loseTakes();
        second.tasks.beat(); // takes the entry afresh

        assertThat(second.calls).as("not called twice").isEmpty();
        JsonNode task = second.tasks.get(taskId, ALICE);
        assertThat(task.path("status").asText()).isEqualTo("failed");
        assertThat(task.path("statusMessage").asText()).startsWith("The task's runner stopped before the task ended");
    }

    @Test
    void aTaskWhoseToolMayRepeatRunsAgainWhenItsTakeIsLost() {
        String taskId = start("look_up");
        assertThat(first.calls).hasSize(1);

        queue.loseTakes();
        second.tasks.beat();

        assertThat(second.calls)
                .as("run again by the runner that took it afresh")
                .hasSize(1);
        second.calls.remove().complete(new TaskOutcome(null, text("found"), null));
        assertThat(second.tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("completed");
    }

    @Test
    void aRunStartsOnlyOnceItsStartIsStoredDurablyAndIsNotTakenOverMeanwhile() {
        unacknowledged.set(1);
        String taskId = start("write_once");

        assertThat(first.calls).as("no call before its start is acknowledged").isEmpty();
        assertThat(first.tasks.runsHere(taskId))
                .as("kept by its runner, which renews its hold")
                .isTrue();
        assertThat(first.tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("working");

        first.tasks.beat(); // the replica acknowledges now
        assertThat(first.calls).hasSize(1);
        first.calls.remove().complete(new TaskOutcome(null, text("written"), null));
        assertThat(first.tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("completed");
    }

    @Test
    void aTaskTheHeartbeatRetriesWhileItsTakeStartsItRunsOnce() throws Exception {
        try (Era2026View accepting = new Era2026View(
                JSON,
                SETTINGS,
                new TaskEngine(
                        JSON,
                        store,
                        SETTINGS,
                        clock,
                        List.of(tool("write_once", false)),
                        16,
                        OfferOnlyQueue.RUNS_NOTHING,
                        Optional.of(new OfferOnlyQueue(queue)),
                        Optional.empty()))) {
            accepting.start(JSON.createObjectNode().put("name", "write_once"), ALICE);
            holdNextWriter.set(true);
            // takes it, and is held right after its record changed, before its run counts as running here
            CompletableFuture<Void> taking = CompletableFuture.runAsync(second.tasks::beat);
            assertThat(writerHeld.await(30, TimeUnit.SECONDS)).isTrue();

            second.tasks.beat(); // the heartbeat retries the tasks taken but not started yet
            releaseWriter.countDown();
            taking.get(30, TimeUnit.SECONDS);

            assertThat(second.calls).as("called once").hasSize(1);
        }
    }

    @Test
    void aRunWhoseMarkIsRetriedAfterAnotherRunnerMarkedTheTaskLetsThatRunnerHaveItWithoutFailingOrCallingIt() {
        lostWrites.set(1);
        String taskId = start("write_once");
        assertThat(first.calls).as("its mark was not stored: no call yet").isEmpty();

        queue.loseTakes();
        second.tasks.beat(); // takes the entry afresh, marks it and calls its tool
        assertThat(second.calls).hasSize(1);

        first.tasks.beat(); // retries its mark and meets the second runner's
        assertThat(first.calls).as("not called twice").isEmpty();
        assertThat(first.tasks.get(taskId, ALICE).path("status").asText())
                .as("left to the runner that marked it")
                .isEqualTo("working");
        assertThat(first.tasks.runsHere(taskId)).isFalse();

        second.calls.remove().complete(new TaskOutcome(null, text("written"), null));
        assertThat(first.tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("completed");
    }
}
