package dev.bulwark.core.internal.business.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Tool;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.ports.logging.FailureText;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStore;
import dev.bulwark.ports.time.Ticker;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of tasks on this instance: started here within their tools' slots, or taken from the queue shared with
 * other instances and workers through its runner; each run's outcome settled when it ends, or kept until the store
 * answers. Thread-safe.
 */
final class TaskRuns implements TaskHost {

    private static final String META = "_meta";

    /** The {@code _meta} key of a call's request id, as the pipeline reads it. */
    static final String REQUEST_ID = "dev.bulwark/request-id";

    /** The error type of a call refused as busy, as the pipeline writes it. */
    static final String BUSY = "busy";

    private static final Logger LOG = LoggerFactory.getLogger(TaskRuns.class);

    /** How a run ended whose outcome could not be stored yet. */
    record Unsettled(TaskOutcome outcome, Throwable failure) {}

    /** Whether a run marks its task started before its call ({@link TaskStartMarks}), and whether it must. */
    private enum Marking {
        /** Not marked: no other runner can take the task (no shared queue, or not offered to it). */
        NONE,
        /** Marked if the store answers: kept in this instance's memory, so no other runner can take it. */
        IF_STORED,
        /**
         * Taken from the shared queue, or offered to it without an answer (it may be queued all the same): the call
         * waits until the mark is stored durably, since a runner that takes it over runs it again when it finds none.
         */
        REQUIRED
    }

    private final ObjectMapper mapper;
    private final TaskStore store;
    private final Clock clock;
    private final TaskSettings settings;
    private final Function<String, Optional<Tool<?, ?>>> taskTools;
    private final TaskRunner runner;
    private final TaskRunQueue slots;
    private final TaskEndings endings;
    /** The runner of the queue shared with other instances and workers, when there is one. */
    private final Optional<SharedTaskRunner> shared;
    /** The started marks of the runs of tasks the shared queue holds, when there is one. */
    private final Optional<TaskStartMarks> marks;

    /** The cancel handles of the tasks running on this instance, by task id. */
    private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

    /**
     * The outcomes of runs that ended while the store was unavailable, by task id: the heartbeat stores them. Their
     * tasks count as running here meanwhile, so that their leases and their entries in the shared queue stay renewed
     * and no other runner runs them again or fails them.
     */
    private final Map<String, Unsettled> unsettled = new ConcurrentHashMap<>();

    /**
     * @param runner what runs the calls of the tasks created by {@link TaskLifecycle#start} and taken from the queue
     * @param slots where a run waits for a slot of its tool's concurrency limit
     * @param queue the queue shared with other instances and workers, if any
     */
    TaskRuns(
            ObjectMapper mapper,
            TaskStore store,
            Clock clock,
            TaskSettings settings,
            Function<String, Optional<Tool<?, ?>>> taskTools,
            TaskRunner runner,
            TaskRunQueue slots,
            TaskEndings endings,
            Optional<TaskQueue> queue) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.taskTools = Objects.requireNonNull(taskTools, "taskTools");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.slots = Objects.requireNonNull(slots, "slots");
        this.endings = Objects.requireNonNull(endings, "endings");
        this.shared = queue.map(
                shared -> new SharedTaskRunner(this, shared, settings.lease().dividedBy(2), clock));
        this.marks = this.shared.map(through -> new TaskStartMarks(store, clock, through.runnerId(), Ticker.system()));
    }

    /** What runs the calls of the tasks this engine starts itself and takes from the shared queue. */
    TaskRunner runner() {
        return runner;
    }

    /** The runner of the shared queue, if there is one. */
    Optional<SharedTaskRunner> shared() {
        return shared;
    }

    @Override
    public boolean canRunTaken() {
        return slots.waiting() == 0;
    }

    @Override
    public Optional<TaskRecord> stored(String taskId) {
        return store.find(taskId, clock.instant());
    }

    /** Its record is changed first, so that a runner that read it before cannot start it too. */
    @Override
    public boolean runTaken(TaskRecord record, RequestOrigin origin) {
        TaskRecord renewed = record.renewed(clock.instant(), record.expiresAt());
        if (!store.replace(record, renewed)) {
            return false;
        }
        launch(renewed, origin, runner, null, Marking.REQUIRED);
        return true;
    }

    @Override
    public boolean takeOver(TaskRecord record, String tool) {
        if (!repeatable(tool)) {
            endings.failStopped(record);
            return false;
        }
        LOG.info("Task {} runs again: an earlier run of it did not end and tool {} may repeat", record.taskId(), tool);
        return true;
    }

    @Override
    public boolean runsHere(String taskId) {
        return running.containsKey(taskId);
    }

    private boolean repeatable(String tool) {
        return taskTools.apply(tool).map(Tool::repeatable).orElse(false);
    }

    /** The cancel handle of the run of task {@code taskId} here, if it runs here. */
    Optional<CompletableFuture<Void>> running(String taskId) {
        return Optional.ofNullable(running.get(taskId));
    }

    /** The runs here, by task id (a snapshot). */
    Map<String, CompletableFuture<Void>> runningNow() {
        return Map.copyOf(running);
    }

    /** Forgets a task withdrawn from its wait for a slot as the engine stops. */
    void forget(String taskId) {
        running.remove(taskId);
    }

    /**
     * Offers a working task to the shared queue within {@code bounds}, or runs it here when the queue is unavailable
     * or the task is kept in this instance's memory (another runner would not find it, and would drop its entry).
     *
     * @throws dev.bulwark.ports.tasks.TaskQueueFullException when as many tasks wait as {@code bounds} allow
     */
    void offer(TaskRecord record, RequestOrigin origin, TaskQueue.Bounds bounds) {
        SharedTaskRunner through = shared.orElseThrow();
        if (store.heldOnlyHere(record.taskId())) {
            launch(leasedHere(record, clock.instant()), origin, runner, null, Marking.IF_STORED);
        } else if (!through.offer(record, origin, record.tool(), bounds)) {
            launch(leasedHere(record, clock.instant()), origin, runner, null, Marking.REQUIRED);
        }
    }

    /** {@code record} with the lease of a run on this instance, which the heartbeat renews; as it was if not stored. */
    private TaskRecord leasedHere(TaskRecord record, Instant now) {
        // a new run: nothing waits for the client yet, whatever a run before it was waiting for
        TaskRecord here = record.next(
                record.status(),
                now,
                now.plus(settings.lease()),
                record.inputRequests(),
                record.inputResponses(),
                record.result(),
                record.error());
        try {
            return store.replace(record, here) ? here : record;
        } catch (RuntimeException e) { // the heartbeat renews it
            LOG.debug("Could not give task {} the lease of a run here: {}", record.taskId(), e.toString());
            return record;
        }
    }

    /**
     * Runs the task's call here once its tool has a free slot ({@code place}, or a place in the queue when
     * {@code null}), and records how it ended unless it was cancelled or ended meanwhile. While it waits it counts as
     * running here: its lease is renewed and a cancel withdraws it.
     */
    void launch(TaskRecord record, RequestOrigin origin, TaskRunner run, TaskRunQueue.Place place) {
        launch(record, origin, run, place, Marking.NONE);
    }

    /** As {@link #launch(TaskRecord, RequestOrigin, TaskRunner, TaskRunQueue.Place)}, its start marked first. */
    private void launch(
            TaskRecord record, RequestOrigin origin, TaskRunner run, TaskRunQueue.Place place, Marking marking) {
        Objects.requireNonNull(run, "runner");
        String taskId = record.taskId();
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        running.put(taskId, cancelled);
        AtomicBoolean started = new AtomicBoolean();
        AtomicBoolean marked = new AtomicBoolean(marking == Marking.NONE);
        cancelled.whenComplete((done, failure) -> {
            if (!started.get()) { // withdrawn while it waited: nothing else forgets it
                running.remove(taskId, cancelled);
                tellShared(taskId);
            }
        });
        TaskRunQueue.Start start = () -> {
            started.set(true);
            if (cancelled.isDone()) {
                running.remove(taskId, cancelled);
                return CompletableFuture.completedFuture(true);
            }
            if (!marked.get()) {
                switch (marks.orElseThrow().mark(record, marking == Marking.REQUIRED)) {
                    case RUN -> marked.set(true);
                    case WAIT -> { // waits for a slot again: the heartbeat tries once more
                        started.set(false);
                        if (!cancelled.isDone()) {
                            return CompletableFuture.completedFuture(false);
                        }
                        running.remove(taskId, cancelled);
                        tellShared(taskId);
                        return CompletableFuture.completedFuture(true);
                    }
                    case SKIP -> {
                        running.remove(taskId, cancelled);
                        tellShared(taskId);
                        return CompletableFuture.completedFuture(true);
                    }
                }
            }
            return runOnce(record, origin, run, cancelled, started);
        };
        if (place != null) {
            place.submit(taskId, cancelled, start);
        } else {
            slots.submitAnyway(record.tool(), record.owner(), taskId, cancelled, start);
        }
    }

    /**
     * One run of the task's call; completes with {@code false} when the pipeline refused it as busy (the tool's slots
     * are held by calls that are not tasks), so it waits again, else records how it ended and completes with
     * {@code true}.
     */
    private CompletableFuture<Boolean> runOnce(
            TaskRecord record,
            RequestOrigin origin,
            TaskRunner run,
            CompletableFuture<Void> cancelled,
            AtomicBoolean started) {
        String taskId = record.taskId();
        CompletableFuture<TaskOutcome> outcome;
        try {
            ObjectNode params = (ObjectNode) read(record.request());
            if (record.inputResponses() != null) {
                params.set("inputResponses", read(record.inputResponses()));
            }
            ObjectNode meta = params.get(META) instanceof ObjectNode existing ? existing : params.putObject(META);
            meta.put(REQUEST_ID, "task:" + taskId);
            outcome = run.run(taskId, params, origin, cancelled);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) { // settled as failed: nothing leaks
            outcome = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Boolean> tookSlot = new CompletableFuture<>();
        outcome.whenComplete((ended, failure) -> {
            if (failure == null && refusedAsBusy(ended)) {
                started.set(false); // waits again: a cancel from now on withdraws it
                if (!cancelled.isDone()) {
                    tookSlot.complete(false);
                    return;
                }
            }
            running.remove(taskId, cancelled);
            try {
                endings.settle(taskId, ended, failure);
                tellShared(taskId);
            } catch (RuntimeException e) { // the store is unavailable: kept here, stored at a later heartbeat
                running.putIfAbsent(taskId, cancelled);
                unsettled.put(taskId, new Unsettled(ended, failure));
                LOG.warn(
                        "Task {} ended but its outcome could not be stored; it is kept here and stored once the task"
                                + " store answers: {}",
                        taskId,
                        FailureText.of(e));
            } catch (OutOfMemoryError e) {
                LOG.warn(
                        "Task {} ended but its outcome could not be stored; it fails when its lease runs out: {}",
                        taskId,
                        FailureText.of(e));
                tellShared(taskId);
            } finally {
                tookSlot.complete(true);
            }
        });
        return tookSlot;
    }

    /**
     * Stores the outcome of a run of {@code taskId} that ended while the store was unavailable, if there is one.
     *
     * @return whether the run had ended unsettled (stored now or not)
     */
    boolean settleLater(String taskId, CompletableFuture<Void> cancelled) {
        Unsettled ended = unsettled.get(taskId);
        if (ended == null) {
            return false;
        }
        try {
            endings.settle(taskId, ended.outcome(), ended.failure());
        } catch (RuntimeException e) {
            LOG.debug("Task {}'s outcome is still not stored: {}", taskId, e.toString());
            return true;
        }
        unsettled.remove(taskId, ended);
        running.remove(taskId, cancelled);
        tellShared(taskId);
        return true;
    }

    /** Tells the shared queue's runner that the task's run here ended. */
    private void tellShared(String taskId) {
        shared.ifPresent(through -> through.finished(taskId));
    }

    /** Whether a run was answered as busy: a concurrency limit refused it, so it waits for a slot again. */
    private static boolean refusedAsBusy(TaskOutcome outcome) {
        return outcome != null
                && outcome.result() != null
                && outcome.result().path("isError").asBoolean(false)
                && BUSY.equals(
                        outcome.result().path(META).path(TaskEndings.ERROR_TYPE).asText());
    }

    private JsonNode read(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored task holds JSON that does not read", e);
        }
    }
}
