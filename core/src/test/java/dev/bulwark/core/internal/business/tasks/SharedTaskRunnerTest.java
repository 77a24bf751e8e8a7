package dev.bulwark.core.internal.business.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

    private static final Instant START = Instant.parse("2026-07-28T10:00:00Z");

    private final AtomicLong nanos = new AtomicLong();
    /** The time of the store and the engines: it moves with the queue's {@link #nanos}. */
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

    private final InMemoryTaskStore memory = new InMemoryTaskStore();
    /** How many of the next changes of a record fail, as a write to Redis that times out does. */
    private final AtomicInteger failingReplaces = new AtomicInteger();
    /** Whether the store fails every operation, as Redis down does. */
    private final AtomicBoolean storeDown = new AtomicBoolean();

    private final TaskStore store = new TaskStore() {
        private void reachable() {
            if (storeDown.get()) {
                throw new DependencyUnavailableException("redis", "down");
            }
        }

        @Override
        public void create(TaskRecord record, int maxKept, int maxActive, Instant now) {
            reachable();
            memory.create(record, maxKept, maxActive, now);
        }

        @Override
        public Optional<TaskRecord> find(String taskId, Instant now) {
            reachable();
            return memory.find(taskId, now);
        }

        @Override
        public boolean remove(TaskRecord current) {
            reachable();

            return memory.remove(current);
        }

        @Override
        public boolean replace(TaskRecord current, TaskRecord next) {
            reachable();
            if (failingReplaces.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new DependencyUnavailableException("redis", "write failed");
            }
            return memory.replace(current, next);
        }

        @Override
        public List<TaskRecord> owned(String owner, Instant now) {
            reachable();
            return memory.owned(owner, now);
        }
    };
    private final InMemoryTaskQueue queue = new InMemoryTaskQueue(nanos::get);
    /** Whether the shared queue fails every operation, as Redis down does. */
    private final AtomicBoolean queueDown = new AtomicBoolean();
    /** The renewals and dones asked of the shared queue, in order: each one a round trip to Redis. */
    private final List<String> holdCalls = new CopyOnWriteArrayList<>();

    private final TaskQueue shared = new TaskQueue() {
        private void reachable() {
            if (queueDown.get()) {
                throw new DependencyUnavailableException("redis", "down");
            }
        }

        @Override
        public void offer(QueuedTask task, Bounds bounds) {
            reachable();
            queue.offer(task, bounds);
        }

        @Override
        public List<HeldTask> offerAndTake(QueuedTask task, Bounds bounds, String runner) {
            reachable();
            return queue.offerAndTake(task, bounds, runner);
        }

        @Override
        public List<HeldTask> take(String runner, int max) {
            reachable();
            return queue.take(runner, max);
        }

        @Override
        public List<HeldTask> takeOver(String runner, Duration idleFor, int max) {
            reachable();
            return queue.takeOver(runner, idleFor, max);
        }

        @Override
        public List<HeldTask> renew(String runner, List<HeldTask> held) {
            reachable();
            holdCalls.add("renew");
            return queue.renew(runner, held);
        }

        @Override
        public boolean done(String runner, HeldTask held) {
            reachable();
            holdCalls.add("done");
            return queue.done(runner, held);
        }

        @Override
        public void release(String runner, HeldTask held) {
            reachable();
            queue.release(runner, held);
        }
    };
    private final Engine first = new Engine();
    private final Engine second = new Engine();

    record Run(String taskId, ObjectNode params, RequestOrigin origin, CompletableFuture<TaskOutcome> outcome) {}

    /** One engine with a fake runner that records each run it is asked for. */
    private final class Engine {
        final BlockingQueue<Run> runs = new LinkedBlockingQueue<>();
        final Era2026View tasks;

        Engine() {
            List<Tool<?, ?>> tools = List.of(
                    tool("write_once", false),
                    tool("look_up", true),
                    Tool.builder("one_slot", Map.class, Void.class)
                            .inputSchema(Map.of("type", "object"))
                            .description("one_slot")
                            .readOnly(true)
                            .maxConcurrency(1)
                            .taskSupport(Tool.TaskSupport.OPTIONAL)
                            .handler((input, context) -> ToolResult.text("done"))
                            .build());
            tasks = new Era2026View(
                    JSON,
                    SETTINGS,
                    new TaskEngine(
                            JSON,
                            store,
                            SETTINGS,
                            clock,
                            tools,
                            16,
                            (taskId, params, origin, cancelled) -> {
                                Run run = new Run(taskId, params, origin, new CompletableFuture<>());
                                runs.add(run);
                                return run.outcome();
                            },
                            Optional.of(shared),
                            Optional.empty()));
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

    /** An engine that accepts {@code look_up} tasks and runs none itself: another runner takes them. */
    private Era2026View accepting() {
        return accepting(SETTINGS, Clock.systemUTC());
    }

    /** An engine that accepts {@code look_up} tasks with {@code settings} and runs none itself. */
    private Era2026View accepting(TaskSettings settings, Clock time) {
        return new Era2026View(
                JSON,
                settings,
                new TaskEngine(
                        JSON,
                        store,
                        settings,
                        time,
                        List.of(tool("look_up", true)),
                        16,
                        OfferOnlyQueue.RUNS_NOTHING,
                        Optional.of(new OfferOnlyQueue(queue)),
                        Optional.empty()));
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
    void aTaskBeyondTheTasksItsCallerHasWaitingInTheSharedQueueIsRefusedAsBusyAndNotKept() {
        Era2026View accepting = accepting(SETTINGS.withMaxQueued(2, 1000), clock);
        try {
            // it runs nothing itself: its tasks wait until another runner takes them
            ObjectNode call = JSON.createObjectNode().put("name", "look_up");
            accepting.start(call, ALICE);
            accepting.start(call, ALICE);

            assertThatThrownBy(() -> accepting.start(call, ALICE)).isInstanceOfSatisfying(TaskBusy.class, busy -> {
                assertThat(busy.getMessage())
                        .isEqualTo("Server busy: 2 tasks of this caller wait in the shared queue, as many as"
                                + " one caller may (tasks.max-queued-per-caller). Retry once some of them have"
                                + " started.");
                assertThat(busy.retryAfter()).isEqualTo(SETTINGS.pollInterval());
            });
            assertThat(memory.owned("alice", clock.instant()))
                    .as("the refused task is not kept")
                    .hasSize(2);
            accepting.start(call, RequestOrigin.of(Principal.of("bob", "tools:read"))); // bob waits apart

            second.tasks.beat(); // a runner takes alice's oldest: one place is free again
            accepting.start(call, ALICE);
        } finally {
            accepting.close();
        }
    }

    @Test
    void aTaskBeyondTheTasksEveryCallerHasWaitingInTheSharedQueueIsRefusedNamingTheBoundInAll() {
        Era2026View accepting = accepting(SETTINGS.withMaxQueued(16, 2), clock);
        try {
            ObjectNode call = JSON.createObjectNode().put("name", "look_up");
            accepting.start(call, ALICE);
            accepting.start(call, RequestOrigin.of(Principal.of("bob", "tools:read")));

            assertThatThrownBy(() -> accepting.start(call, RequestOrigin.of(Principal.of("carol", "tools:read"))))
                    .isInstanceOf(TaskBusy.class)
                    .hasMessage("Server busy: 2 tasks wait in the shared queue, as many as may wait in all"
                            + " (tasks.max-queued). Retry once some of them have started.");
            assertThat(memory.owned("carol", clock.instant())).isEmpty();
        } finally {
            accepting.close();
        }
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
        run.outcome().complete(new TaskOutcome(null, text("42"), null));

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
        // it runs nothing itself: another runner takes its task
        Era2026View accepting = new Era2026View(
                JSON,
                SETTINGS,
                new TaskEngine(
                        JSON,
                        store,
                        SETTINGS,
                        Clock.systemUTC(),
                        List.of(tool("write_once", false)),
                        16,
                        OfferOnlyQueue.RUNS_NOTHING,
                        Optional.of(new OfferOnlyQueue(queue)),
                        Optional.empty()));
        try {
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
    void aRunnerWithFreeSlotsTakesEveryTaskThatCanStartInOneRoundNotAFewAPoll() throws Exception {
        Era2026View accepting = accepting();
        try {
            for (int i = 0; i < 12; i++) {
                accepting.start(JSON.createObjectNode().put("name", "look_up"), ALICE);
            }

            second.tasks.beat();

            for (int i = 0; i < 12; i++) {
                second.nextRun();
            }
            assertThat(queue.take("anyone", 10)).as("none left in the queue").isEmpty();
        } finally {
            accepting.close();
        }
    }

    @Test
    void aTaskNoRunnerTookYetShowsOnEveryInstanceThatItWaitsInTheSharedQueue() throws Exception {
        Era2026View accepting = accepting();
        try {
            String taskId = accepting
                    .start(JSON.createObjectNode().put("name", "look_up"), ALICE)
                    .path("taskId")
                    .asText();

            JsonNode waiting = second.tasks.get(taskId, ALICE);
            assertThat(waiting.path("status").asText()).isEqualTo("working");
            assertThat(waiting.path("statusMessage").asText()).startsWith("Waiting in the shared queue");

            second.tasks.beat();
            second.nextRun();

            assertThat(accepting.get(taskId, ALICE).has("statusMessage"))
                    .as("taken and running")
                    .isFalse();
        } finally {
            accepting.close();
        }
    }

    @Test
    void theRunWithTheClientsAnswersIsQueuedForAnyRunnerToTake() throws Exception {
        Era2026View accepting = accepting();
        try {
            String taskId = accepting
                    .start(JSON.createObjectNode().put("name", "look_up"), ALICE)
                    .path("taskId")
                    .asText();
            second.tasks.beat();
            ObjectNode asks = JSON.createObjectNode();
            asks.putObject("confirm").put("method", "elicitation/create");
            second.nextRun().outcome().complete(new TaskOutcome(asks, null, null));
            assertThat(accepting.get(taskId, ALICE).path("status").asText()).isEqualTo("input_required");

            ObjectNode answers = JSON.createObjectNode();
            answers.putObject("confirm").put("action", "accept");
            accepting.update(taskId, answers, ALICE);
            second.tasks.beat();

            Run again = second.nextRun();
            assertThat(again.taskId()).isEqualTo(taskId);
            assertThat(again.params()
                            .path("inputResponses")
                            .path("confirm")
                            .path("action")
                            .asText())
                    .isEqualTo("accept");
            again.outcome().complete(new TaskOutcome(null, text("found"), null));
            assertThat(accepting.get(taskId, ALICE).path("status").asText()).isEqualTo("completed");
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
        again.outcome().complete(new TaskOutcome(null, text("found"), null));
        assertThat(second.tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("completed");
    }

    @Test
    void aSlowRunnerWhoseTaskWasTakenOverEndsItsRunWithoutEndingTheEntryTheOtherRunnerNowHolds() throws Exception {
        String taskId = start(first, "look_up");
        Run slow = first.nextRun(); // runs on the first engine, which renews nothing meanwhile

        nanos.addAndGet(Duration.ofMinutes(5).toNanos());
        second.tasks.beat(); // takes it over, and runs it again
        Run again = second.nextRun();

        slow.outcome().complete(new TaskOutcome(null, text("found"), null));
        assertThat(second.tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("completed");
        assertThat(queue.takeOver("anyone", Duration.ZERO, 10))
                .as("the entry the second runner holds is still in the queue")
                .extracting(held -> held.task().taskId())
                .containsExactly(taskId);
        again.outcome().complete(new TaskOutcome(null, text("found"), null));
    }

    @Test
    void aRunThatEndsEndsItsEntryInOneCallToTheQueue() throws Exception {
        String taskId = start(first, "look_up");
        Run run = first.nextRun();
        holdCalls.clear();

        run.outcome().complete(new TaskOutcome(null, text("found"), null));

        await("the entry is done").atMost(Duration.ofSeconds(30)).until(() -> holdCalls.contains("done"));
        assertThat(holdCalls)
                .as("the hold is checked in the same call that ends the entry")
                .containsExactly("done");
        assertThat(second.tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("completed");
        assertThat(queue.takeOver("anyone", Duration.ZERO, 10)).isEmpty();
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

    @Test
    void aTaskWaitingInTheQueueLongerThanALeaseStaysWorkingAndRunsWhenARunnerTakesIt() throws Exception {
        start(first, "one_slot");
        Run holding = first.nextRun(); // holds the tool's one slot on the first engine
        start(first, "one_slot"); // taken by the first engine, waits there for the slot
        String queued = start(first, "one_slot"); // the first engine waits already: stays in the shared queue

        nanos.addAndGet(Duration.ofMinutes(30).toNanos()); // three leases
        JsonNode task = first.tasks.get(queued, ALICE);

        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("working");
        first.tasks.beat(); // the first engine is alive: it renews its holds, and takes nothing while one waits there
        second.tasks.beat();
        Run run = second.nextRun();
        assertThat(run.taskId()).isEqualTo(queued);
        run.outcome().complete(new TaskOutcome(null, text("ran"), null));
        assertThat(first.tasks.get(queued, ALICE).path("status").asText()).isEqualTo("completed");
        holding.outcome().complete(new TaskOutcome(null, text("held"), null));
    }

    @Test
    void aRepeatableTaskWhoseRunnerStoppedRunsAgainThoughItWasReadAfterItsLeaseRanOut() throws Exception {
        String taskId = start(first, "look_up");
        first.nextRun();
        first.tasks.close();

        nanos.addAndGet(Duration.ofMinutes(15).toNanos()); // past the lease: no runner took it over yet
        assertThat(second.tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("working");
        second.tasks.beat();

        Run again = second.nextRun();
        assertThat(again.taskId()).isEqualTo(taskId);
        again.outcome().complete(new TaskOutcome(null, text("found"), null));
        assertThat(second.tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("completed");
    }

    @Test
    void aRunnerBackFromAQueueOutageTakesNothingOverBeforeTheOthersCouldRenewTheirHolds() throws Exception {
        String taskId = start(first, "write_once");
        first.nextRun(); // runs on the first engine, which stays alive

        queueDown.set(true);
        nanos.addAndGet(Duration.ofMinutes(6).toNanos()); // longer than half a lease: no runner could renew
        first.tasks.beat();
        second.tasks.beat();
        queueDown.set(false);
        second.tasks.beat(); // back first: the first engine's hold looks abandoned, but the first could not renew it

        assertThat(second.tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("working");
        first.tasks.beat(); // renews its hold
        nanos.addAndGet(Duration.ofMinutes(3).toNanos());
        second.tasks.beat();
        assertThat(second.tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("working");

        first.tasks.close(); // stops for good: its hold is taken over half a lease after its last renewal
        nanos.addAndGet(Duration.ofMinutes(3).toNanos());
        second.tasks.beat();
        JsonNode task = second.tasks.get(taskId, ALICE);
        assertThat(task.path("status").asText()).isEqualTo("failed");
        assertThat(task.path("statusMessage").asText()).startsWith("The task's runner stopped before the task ended");
    }

    @Test
    void anOutcomeThatCouldNotBeStoredWhileRedisWasDownIsStoredOnceItIsBackAndTheTaskIsNotTakenOver() throws Exception {
        String taskId = start(first, "write_once");
        Run run = first.nextRun();

        storeDown.set(true);
        queueDown.set(true);
        run.outcome().complete(new TaskOutcome(null, text("written"), null)); // the call ended; nothing is stored
        nanos.addAndGet(Duration.ofMinutes(6).toNanos());
        first.tasks.beat();
        second.tasks.beat();
        storeDown.set(false);
        queueDown.set(false);
        second.tasks.beat();
        first.tasks.beat(); // stores the outcome it kept

        JsonNode task = second.tasks.get(taskId, ALICE);
        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("completed");
        assertThat(task.path("result").toString()).contains("written");
        nanos.addAndGet(Duration.ofMinutes(6).toNanos());
        second.tasks.beat();
        assertThat(second.tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("completed");
        assertThat(queue.takeOver("anyone", Duration.ZERO, 10))
                .as("its entry is done")
                .isEmpty();
    }

    @Test
    void aTaskTakenFromTheQueueThatCouldNotStartStartsAtTheNextHeartbeat() throws Exception {
        failingReplaces.set(1); // the change that starts its run fails
        String taskId = start(first, "write_once");
        assertThat(first.runs).as("not started yet").isEmpty();

        first.tasks.beat();

        Run run = first.nextRun();
        assertThat(run.taskId()).isEqualTo(taskId);
        run.outcome().complete(new TaskOutcome(null, text("written"), null));
        assertThat(second.tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("completed");
    }

    @Test
    void aTaskItsCreatorRunsBecauseTheQueueDidNotAnswerCallsItsToolOnlyOnceItsStartIsStored() throws Exception {
        queueDown.set(true); // the offer may have reached the queue all the same: a take-over must find the mark
        failingReplaces.set(2); // the lease of a run here, then the started mark
        String taskId = start(first, "write_once");
        assertThat(first.runs).as("no call before its start is stored").isEmpty();

        first.tasks.beat(); // the store answers now

        Run run = first.nextRun();
        assertThat(run.taskId()).isEqualTo(taskId);
        assertThat(memory.find(taskId, clock.instant()).orElseThrow().startedBy())
                .as("marked started")
                .isNotNull();
        run.outcome().complete(new TaskOutcome(null, text("written"), null));
        assertThat(first.tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("completed");
    }
}
