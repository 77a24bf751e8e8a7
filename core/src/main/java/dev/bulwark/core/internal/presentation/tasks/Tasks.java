package dev.bulwark.core.internal.presentation.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Tool;
import dev.bulwark.core.config.LimitSettings;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.business.tasks.TaskRunQueue;
import dev.bulwark.core.internal.presentation.pipeline.ResultMeta;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.logging.FailureText;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.tasks.TaskChangeFeed;
import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.ports.tasks.TaskQueueFullException;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStatus;
import dev.bulwark.ports.tasks.TaskStore;
import dev.bulwark.ports.tasks.TaskStoreFullException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task engine of both protocol eras: creates, runs and keeps the tasks of tool calls in the {@link TaskStore}, so
 * that any instance sharing the store serves any task. Thread-safe.
 */
public final class Tasks implements AutoCloseable {

    private static final String META = "_meta";

    /** How many times a change is retried when another writer changed the record first. */
    private static final int MAX_ATTEMPTS = 16;

    private static final Logger LOG = LoggerFactory.getLogger(Tasks.class);

    /** Runs one call of a task through the pipeline. */
    public interface Runner {
        /**
         * Runs the {@code tools/call} of {@code params} as {@code origin}'s caller; the outcome completes when it
         * ends. Completing {@code cancelled} cancels the call.
         */
        CompletableFuture<Outcome> run(
                String taskId, ObjectNode params, RequestOrigin origin, CompletableFuture<Void> cancelled);
    }

    /** Told of every change of a task's status or pending input, after it is stored. */
    public interface Listener {
        /**
         * {@code owner}'s task {@code taskId} changed; {@code task} is what {@code tasks/get} answers for it now
         * (without {@code resultType}), a copy the listener may keep.
         */
        void changed(String owner, String taskId, ObjectNode task);
    }

    /**
     * How one run of a task ended: it asked for input ({@code inputRequests}), it answered ({@code result}), or it
     * failed at the protocol level ({@code error}); exactly one is set.
     */
    public record Outcome(ObjectNode inputRequests, ObjectNode result, ObjectNode error) {

        /** The outcome of a run the SDK's server answered with {@code response}: its result, or its error. */
        public static Outcome answered(JSONRPCResponse response, ObjectMapper mapper, McpJsonMapper sdkMapper) {
            if (response.error() != null) {
                ObjectNode error = mapper.createObjectNode()
                        .put(
                                "code",
                                Objects.requireNonNullElse(
                                        response.error().code(), McpSchema.ErrorCodes.INTERNAL_ERROR))
                        .put(
                                "message",
                                Objects.requireNonNullElse(response.error().message(), "Error"));
                return new Outcome(null, null, error);
            }
            return new Outcome(null, sdkMapper.convertValue(response.result(), ObjectNode.class), null);
        }
    }

    /** A task's id, owner or state the caller may not see: every operation answers "not found". */
    public static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound() {
            super(
                    "Task not found: no task with this taskId belongs to the caller (it may have expired)",
                    null,
                    false,
                    false);
        }
    }

    /**
     * A new task refused because the tasks its caller started here, or every caller's, keep as many bytes as they may:
     * the call is answered as busy, to retry after {@link #retryAfter()}.
     */
    public static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Duration retryAfter;

        Busy(String message, Duration retryAfter) {
            super(message, null, false, false);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }

        /** The refused call's answer: an error result of type {@code busy} with its retry hint, as any busy call's. */
        public McpSchema.CallToolResult result() {
            return McpSchema.CallToolResult.builder()
                    .content(List.of(McpSchema.TextContent.builder(getMessage()).build()))
                    .isError(true)
                    .meta(Map.of(
                            ResultMeta.ERROR_TYPE,
                            TaskRequestMetrics.BUSY,
                            ResultMeta.RETRY_AFTER_MS,
                            Math.max(1, retryAfter.toMillis())))
                    .build();
        }
    }

    private final ObjectMapper mapper;
    private final TaskStore store;
    /** The bytes the tasks created here keep, within their bounds. */
    private final TaskBytes bytes;

    private final TaskSettings settings;
    /** The bounds of the tasks waiting in the shared queue: those of the tasks waiting on an instance. */
    private final TaskQueue.Bounds queueBounds;

    private final Clock clock;
    private final Map<String, Tool<?, ?>> taskTools;
    private final SecureRandom random = new SecureRandom();
    /** The cancel handles of the tasks running on this instance, by task id. */
    private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

    /** How a run ended whose outcome could not be stored yet. */
    private record Unsettled(Outcome outcome, Throwable failure) {}

    /**
     * The outcomes of runs that ended while the store was unavailable, by task id: the heartbeat stores them. Their
     * tasks count as running here meanwhile, so that their leases and their entries in the shared queue stay renewed
     * and no other runner runs them again or fails them.
     */
    private final Map<String, Unsettled> unsettled = new ConcurrentHashMap<>();

    /** Where a task's run waits for a slot of its tool's concurrency limit. */
    private final TaskRunQueue queue;

    private final ScheduledExecutorService heartbeat;
    /**
     * Where this engine takes new tasks from the shared queue, on a thread of its own: a heartbeat held up (a slow
     * store, many leases to renew) does not hold up taking tasks, nor the reverse. Null without a shared queue.
     */
    private volatile ScheduledExecutorService polls;

    private final TaskRequestMetrics metrics;
    private volatile Runner runner;
    /** The runner of the queue shared with other instances and workers, when there is one. */
    private volatile SharedTaskRunner shared;

    private volatile Listener listener = (owner, taskId, task) -> {};
    private final List<Listener> watchers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Those told only of the changes other instances store, which reach this one through the feed. */
    private final List<Listener> othersWatchers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** This engine's name on the feed of changes: its own changes come back to it and are skipped. */
    private final String instance = newTaskId();

    private volatile TaskChangeFeed feed;
    private volatile AutoCloseable feedListening;
    /** Whether the last change could not be published: the next failure is logged at debug only, until one passes. */
    private volatile boolean feedFailing;

    /** An engine counting its requests in a registry of its own. */
    public Tasks(ObjectMapper mapper, TaskStore store, TaskSettings settings, Clock clock, List<Tool<?, ?>> tools) {
        this(mapper, store, settings, clock, tools, new SimpleMeterRegistry());
    }

    /** @param meterRegistry where the requests of the task routes are counted ({@link TaskRequestMetrics}) */
    public Tasks(
            ObjectMapper mapper,
            TaskStore store,
            TaskSettings settings,
            Clock clock,
            List<Tool<?, ?>> tools,
            MeterRegistry meterRegistry) {
        this(mapper, store, settings, clock, tools, meterRegistry, LimitSettings.DEFAULT_MAX_CONCURRENT_CALLS_PER_TOOL);
    }

    /**
     * @param maxConcurrentCallsPerTool the concurrency limit of a tool that declares none ({@code
     *     limits.max-concurrent-calls-per-tool}): the runs of a tool's tasks beyond its limit wait in the queue
     */
    public Tasks(
            ObjectMapper mapper,
            TaskStore store,
            TaskSettings settings,
            Clock clock,
            List<Tool<?, ?>> tools,
            MeterRegistry meterRegistry,
            int maxConcurrentCallsPerTool) {
        this.metrics = new TaskRequestMetrics(meterRegistry);
        this.bytes = new TaskBytes(settings.maxBytesPerCaller(), settings.maxBytes());
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.queueBounds = new TaskQueue.Bounds(settings.maxQueuedPerCaller(), settings.maxQueued());
        this.clock = Objects.requireNonNull(clock, "clock");
        this.taskTools = tools.stream()
                .filter(tool -> tool.taskSupport() != Tool.TaskSupport.FORBIDDEN)
                .collect(Collectors.toUnmodifiableMap(Tool::name, Function.identity(), (a, b) -> a));
        this.queue = new TaskRunQueue(
                name -> Optional.ofNullable(taskTools.get(name))
                        .map(tool -> tool.maxConcurrency().orElse(maxConcurrentCallsPerTool))
                        .orElse(maxConcurrentCallsPerTool),
                settings.maxQueuedPerCaller(),
                settings.maxQueued());
        this.heartbeat = taskTools.isEmpty()
                ? null
                : Executors.newSingleThreadScheduledExecutor(task -> {
                    Thread thread = new Thread(task, "bulwark-task-heartbeat");
                    thread.setDaemon(true);
                    return thread;
                });
        if (heartbeat != null) {
            long every = settings.heartbeat().toMillis();
            heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Sets what runs the calls of tasks (the dispatcher, built after this). */
    public void runWith(Runner value) {
        this.runner = Objects.requireNonNull(value, "runner");
    }

    /**
     * Sets who is told of the changes this instance stores (the subscriptions of {@code notifications/tasks}); a
     * change stored by another instance sharing the store is told only there.
     */
    public void notifyWith(Listener value) {
        this.listener = Objects.requireNonNull(value, "listener");
    }

    /**
     * Shares the changes this engine stores with the other instances over {@code value}, and tells this instance's
     * listener and watchers of the changes the others store, so that a client hears of its task whichever instance
     * it listens on.
     */
    public void shareChangesOver(TaskChangeFeed value) {
        this.feed = Objects.requireNonNull(value, "feed");
        this.feedListening = value.listen(this::changedElsewhere);
    }

    /**
     * Runs the tasks of the 2026 era through {@code queue}, shared with other instances and workers: each task created
     * here is offered there, and this engine takes tasks from it, its own or others', while none waits here for a
     * slot. Call once, before the first task is created.
     */
    public void runThrough(TaskQueue queue) {
        SharedTaskRunner through =
                new SharedTaskRunner(this, queue, settings.lease().dividedBy(2), clock);
        this.shared = through;
        if (heartbeat != null) {
            ScheduledExecutorService polling = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "bulwark-task-poll");
                thread.setDaemon(true);
                return thread;
            });
            this.polls = polling;
            long every = settings.pollInterval().toMillis();
            polling.scheduleWithFixedDelay(through::takeNew, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Whether this engine may take a task from the shared queue now: it can run tasks, and none waits for a slot. */
    boolean canRunTaken() {
        return runner != null && queue.waiting() == 0;
    }

    /** The stored task {@code taskId}, whoever owns it. */
    Optional<TaskRecord> stored(String taskId) {
        return store.find(taskId, clock.instant());
    }

    /**
     * Runs here a working task taken from the shared queue, as {@code origin}'s caller. Its record is changed first, so
     * that a runner that read it before cannot start it too; its lease stays the queue's (see {@link #create}).
     *
     * @return false when the task changed meanwhile (it will not run here)
     */
    boolean runTaken(TaskRecord record, RequestOrigin origin) {
        TaskRecord renewed = record.renewed(clock.instant(), record.expiresAt());
        if (runner == null || !store.replace(record, renewed)) {
            return false;
        }
        launch(renewed, origin, runner, null);
        return true;
    }

    /** Fails a working task whose runner stopped and whose tool may not run a call twice. */
    void failStopped(TaskRecord record) {
        TaskRecord stopped = failed(
                record,
                clock.instant(),
                -32603,
                "The task's runner stopped before the task ended, and its tool may not run a call twice; start it"
                        + " again if it should run");
        if (store.replace(record, stopped)) {
            keptEnded(stopped);
            LOG.warn("Task {} failed: its runner stopped and its tool may not repeat", record.taskId());
            changed(stopped);
        }
    }

    /**
     * Stops {@code schedule} and waits a little for a round under way to end, so that no task is taken from the shared
     * queue after the waiting ones are handed back.
     */
    private static void stop(ScheduledExecutorService schedule) {
        if (schedule == null) {
            return;
        }
        schedule.shutdownNow();
        try {
            if (!schedule.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("A task engine's round did not end within 5 s of its stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fails a working task that waited here for a slot and never started, as this engine stops. */
    private void failNeverStarted(String taskId) {
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Optional<TaskRecord> found = store.find(taskId, clock.instant());
                if (found.isEmpty() || found.get().status() != TaskStatus.WORKING) {
                    return;
                }
                TaskRecord stopped = failed(
                        found.get(),
                        clock.instant(),
                        -32603,
                        "The server stopped before the task ran: it waited for a slot and never started; start it"
                                + " again");
                if (store.replace(found.get(), stopped)) {
                    keptEnded(stopped);
                    changed(stopped);
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "Task {} never started and could not be failed as the server stops; it fails when its lease"
                            + " runs out: {}",
                    taskId,
                    e.toString());
        }
    }

    /** Where the requests of the task routes of both eras are counted. */
    public TaskRequestMetrics metrics() {
        return metrics;
    }

    /**
     * Adds {@code watcher} to those told of every change this instance stores (besides the listener of
     * {@link #notifyWith}), and of a task found ended elsewhere while it ran here.
     */
    public void watch(Listener watcher) {
        watchers.add(Objects.requireNonNull(watcher, "watcher"));
    }

    /**
     * Adds {@code watcher} to those told of the changes the other instances store, as they come through the feed of
     * {@link #shareChangesOver} (after the listener and the watchers of every change are told).
     */
    public void watchElsewhere(Listener watcher) {
        othersWatchers.add(Objects.requireNonNull(watcher, "watcher"));
    }

    /** Whether task {@code taskId} runs on this instance now. */
    public boolean runsHere(String taskId) {
        return running.containsKey(taskId);
    }

    /** Whether any tool supports tasks: the extension is then advertised. */
    public boolean offered() {
        return !taskTools.isEmpty();
    }

    /** The task-supporting tool named {@code name}, if there is one. */
    public Optional<Tool<?, ?>> taskTool(String name) {
        return Optional.ofNullable(taskTools.get(name));
    }

    /**
     * Creates the task of the call {@code params} by {@code origin}'s caller, durably, then starts it here; the
     * {@code CreateTaskResult} to answer (without {@code _meta}).
     *
     * @throws dev.bulwark.ports.tasks.TaskStoreFullException when the caller has too many tasks
     */
    public ObjectNode start(ObjectNode params, RequestOrigin origin) {
        return envelopeOfCreated(create(params, origin, runner));
    }

    /**
     * Creates the task of the call {@code params} by {@code origin}'s caller, durably, then starts it here with
     * {@code run}; the record created (the session era answers it in its own shape).
     *
     * <p>A task offered to the shared queue is stored with a lease as long as its life: its entry in the queue is its
     * lease (its holder renews it, another runner takes over one left unrenewed), so a task that waits there, or whose
     * runner stopped, is never failed as lost when it is read; it is run, run again, or failed by the runner that
     * takes it over.
     *
     * @throws dev.bulwark.ports.tasks.TaskStoreFullException when the caller has too many tasks
     */
    public TaskRecord create(ObjectNode params, RequestOrigin origin, Runner run) {
        Instant now = clock.instant();
        ObjectNode request = params.deepCopy();
        request.remove("inputResponses");
        request.remove("requestState");
        request.remove("task"); // a first-generation client's hint: the tool's declaration decides
        JsonNode responses = params.get("inputResponses");
        String owner = ownerOf(origin);
        SharedTaskRunner through = shared;
        boolean queued = through != null && run == runner;
        Instant expiresAt = now.plus(settings.ttl());
        TaskRecord record = TaskRecord.working(
                newTaskId(),
                owner,
                params.path("name").asText(),
                now,
                expiresAt,
                queued ? expiresAt : now.plus(settings.lease()),
                request.toString(),
                responses != null && responses.isObject() ? responses.toString() : null);
        long size = sizeOf(record.request()) + sizeOf(record.inputResponses());
        if (!bytes.take(record.taskId(), owner, size, record.expiresAt(), now)) {
            throw busy(owner, size);
        }
        TaskRunQueue.Place place = null;
        boolean created = false;
        try {
            place = queue.reserve(record.tool(), owner);
            // a task in the shared queue is active in the store (its entry is its lease), wherever it runs
            int maxActive = queued ? settings.maxActivePerCaller() : maxActive(place, owner);
            store.create(record, settings.maxKeptPerCaller(), maxActive, now);
            created = true;
        } catch (TaskRunQueue.Full full) {
            throw new Busy(full.getMessage(), settings.pollInterval());
        } catch (TaskStoreFullException full) { // named with the setting, not the bound raised by the waiting tasks
            throw full.bound() == TaskStoreFullException.Bound.ACTIVE
                    ? new TaskStoreFullException(full.bound(), settings.maxActivePerCaller())
                    : full;
        } finally {
            if (!created) {
                bytes.release(record.taskId());
                if (place != null) {
                    place.giveBack();
                }
            }
        }
        if (queued) {
            place.giveBack(); // it runs wherever a runner takes it: here when this engine takes it as it offers it
            boolean offered;
            try {
                offered = through.offer(record, origin, record.tool(), queueBounds);
            } catch (TaskQueueFullException full) {
                throw refused(record, full);
            }
            if (!offered) { // the shared queue is unavailable: it runs here
                launch(leasedHere(record, now), origin, run, null);
            }
        } else {
            launch(record, origin, run, place);
        }
        return record;
    }

    /**
     * The active tasks {@code owner} may have in the store for a new task taking {@code place}: a task waiting for a
     * slot is bounded by {@code tasks.max-queued-per-caller} (its place was taken within it), not by
     * {@code tasks.max-active-per-caller}, so the caller's tasks waiting here are not counted against the new one, and
     * a new task that waits itself is not bounded by it at all.
     */
    private int maxActive(TaskRunQueue.Place place, String owner) {
        if (!place.startsAtOnce()) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.min(Integer.MAX_VALUE, (long) settings.maxActivePerCaller() + queue.waitingOf(owner));
    }

    /**
     * The refusal of a task the shared queue is too full to take, which is removed from the store first: its caller
     * never sees it, so it must not count toward the caller's bounds until it expires.
     */
    private Busy refused(TaskRecord record, TaskQueueFullException full) {
        bytes.release(record.taskId());
        try {
            store.remove(record);
        } catch (RuntimeException e) { // it stays stored, ended by nothing, until it expires
            LOG.warn("Could not remove task {} the shared queue refused: {}", record.taskId(), e.toString());
        }
        String setting =
                full.bound() == TaskQueueFullException.Bound.OWNER ? "tasks.max-queued-per-caller" : "tasks.max-queued";
        return new Busy(
                "Server busy: " + full.getMessage() + " (" + setting + "). Retry once some of them have started.",
                settings.pollInterval());
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

    /** The refusal of a task of {@code size} bytes by {@code owner}, naming the bound it would pass. */
    private Busy busy(String owner, long size) {
        String bound = bytes.heldBy(owner) + size > bytes.maxPerCaller()
                ? "the tasks of this caller keep " + bytes.heldBy(owner) + " bytes of the " + bytes.maxPerCaller()
                        + " they may (tasks.max-bytes-per-caller)"
                : "the tasks of every caller keep " + bytes.held() + " bytes of the " + bytes.maxInAll()
                        + " they may (tasks.max-bytes)";
        return new Busy(
                "Server busy: this task of " + size + " bytes was not created: " + bound
                        + ". Retry once some tasks have ended or expired, or send less at once.",
                settings.pollInterval());
    }

    /** The bytes of {@code json} as UTF-8, counted without copying it; 0 for {@code null}. */
    static long sizeOf(String json) {
        if (json == null) {
            return 0;
        }
        long size = 0;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c < 0x80) {
                size++;
            } else if (c < 0x800) {
                size += 2;
            } else if (Character.isHighSurrogate(c)) {
                size += 4;
                i++;
            } else {
                size += 3;
            }
        }
        return size;
    }

    /**
     * {@code next}, a record that ended, as it is kept: without the request and answers it no longer runs with, and
     * its bytes here those of its result or error.
     */
    private TaskRecord ended(TaskRecord next) {
        TaskRecord kept = new TaskRecord(
                next.taskId(),
                next.owner(),
                next.tool(),
                next.status(),
                next.version(),
                next.createdAt(),
                next.updatedAt(),
                next.expiresAt(),
                next.leaseExpiresAt(),
                "{}",
                next.inputRequests(),
                null,
                next.result(),
                next.error(),
                next.awaitingClient());
        return kept;
    }

    /** A change to an ended record was stored: the task keeps the bytes of its result or error only. */
    private void keptEnded(TaskRecord stored) {
        bytes.resize(stored.taskId(), sizeOf(stored.result()) + sizeOf(stored.error()));
    }

    private ObjectNode envelopeOfCreated(TaskRecord record) {
        ObjectNode created = envelope(record);
        created.put("resultType", "task");
        return created;
    }

    /** The {@code tasks/get} result (without {@code resultType} and {@code _meta}). */
    public ObjectNode get(String taskId, RequestOrigin origin) {
        return detailed(visible(taskId, origin));
    }

    /** The task as {@code tasks/get} and {@code notifications/tasks} show it: its status and what goes with it. */
    private ObjectNode detailed(TaskRecord record) {
        ObjectNode detailed = envelope(record);
        switch (record.status()) {
            case INPUT_REQUIRED -> detailed.set("inputRequests", read(record.inputRequests()));
            case COMPLETED -> detailed.set("result", read(record.result()));
            case FAILED -> detailed.set("error", read(record.error()));
            default -> {}
        }
        return detailed;
    }

    /**
     * Delivers the client's answers ({@code tasks/update}): those to pending input requests are kept and the
     * requests leave the task's {@code inputRequests}; once none is pending, the call runs again with every answer,
     * queued as a new task is (here without a shared queue). Answers to nothing pending are ignored.
     */
    public void update(String taskId, JsonNode inputResponses, RequestOrigin origin) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            TaskRecord record = visible(taskId, origin);
            if (record.status() != TaskStatus.INPUT_REQUIRED) {
                return;
            }
            ObjectNode pending = (ObjectNode) read(record.inputRequests());
            ObjectNode collected = record.inputResponses() == null
                    ? mapper.createObjectNode()
                    : (ObjectNode) read(record.inputResponses());
            boolean matched = false;
            for (Iterator<Map.Entry<String, JsonNode>> it = inputResponses.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> answer = it.next();
                if (pending.has(answer.getKey())) {
                    pending.remove(answer.getKey());
                    collected.set(answer.getKey(), answer.getValue());
                    matched = true;
                }
            }
            if (!matched) {
                return;
            }
            if (!bytes.resize(taskId, sizeOf(record.request()) + sizeOf(collected.toString()))) {
                throw busy(record.owner(), sizeOf(collected.toString()));
            }
            Instant now = clock.instant();
            SharedTaskRunner through = shared;
            // with a shared queue, the run with the answers is queued as a new task is: any runner takes it, and its
            // entry is its lease, so a runner that dies leaves it to be taken over
            Instant lease = through != null ? record.expiresAt() : now.plus(settings.lease());
            TaskRecord next = pending.isEmpty()
                    ? record.next(TaskStatus.WORKING, now, lease, null, collected.toString(), null, null)
                    : record.next(
                            TaskStatus.INPUT_REQUIRED, now, null, pending.toString(), collected.toString(), null, null);
            if (store.replace(record, next)) {
                changed(next);
                if (next.status() == TaskStatus.WORKING) {
                    if (through == null) {
                        launch(next, origin, runner, null);
                    } else if (!through.offer(next, origin, next.tool(), TaskQueue.Bounds.NONE)) {
                        // the queue is unavailable: it runs here
                        launch(leasedHere(next, clock.instant()), origin, runner, null);
                    }
                }
                return;
            }
        }
        throw new IllegalStateException("the task changed too often to take the answers");
    }

    /**
     * Stores whether the run of a working task waits for its client's answer to a request it sent, and tells every
     * instance, so that the task shows as waiting for input wherever its client asks. A store that cannot be reached
     * leaves the other instances showing it working: the run goes on, so the failure is logged at debug only.
     */
    public void awaitingClient(String taskId, boolean waiting) {
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Optional<TaskRecord> found = store.find(taskId, clock.instant());
                if (found.isEmpty()
                        || found.get().status() != TaskStatus.WORKING
                        || found.get().awaitingClient() == waiting) {
                    return;
                }
                TaskRecord next = found.get().awaitingClient(clock.instant(), waiting);
                if (store.replace(found.get(), next)) {
                    changed(next);
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Could not store whether task {} waits for its client: {}", taskId, e.toString());
        }
    }

    /** Cancels the task ({@code tasks/cancel}); one that ended stays as it ended. */
    public void cancel(String taskId, RequestOrigin origin) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            TaskRecord record = visible(taskId, origin);
            if (record.status().isTerminal()) {
                return;
            }
            TaskRecord next = ended(record.next(TaskStatus.CANCELLED, clock.instant(), null, null, null, null, null));
            if (store.replace(record, next)) {
                keptEnded(next);
                changed(next);
                CompletableFuture<Void> run = running.get(taskId);
                if (run != null) {
                    run.complete(null);
                }
                return;
            }
        }
        throw new IllegalStateException("the task changed too often to be cancelled");
    }

    /** The caller's unexpired tasks, oldest first. */
    public List<TaskRecord> owned(RequestOrigin origin) {
        return store.owned(ownerOf(origin), clock.instant());
    }

    /**
     * Stops the heartbeat, the polls of the shared queue and the feed of changes. A task waiting here for a slot, never started, goes back to the
     * shared queue for another runner when it came from there, else fails saying the server stopped before it ran;
     * the tasks running here are failed by their leases running out (or run again elsewhere when their tool may
     * repeat).
     */
    @Override
    public void close() {
        stop(heartbeat);
        stop(polls);
        for (String taskId : queue.withdrawAll()) {
            running.remove(taskId);
            SharedTaskRunner through = shared;
            if (through == null || !through.handBack(taskId)) {
                failNeverStarted(taskId);
            }
        }
        AutoCloseable listening = feedListening;
        if (listening != null) {
            try {
                listening.close();
            } catch (Exception e) {
                LOG.debug("Could not stop listening to task changes", e);
            }
        }
    }

    /** The caller's task {@code taskId}, its lost run failed first; {@link NotFound} when it is none of theirs. */
    public TaskRecord visible(String taskId, RequestOrigin origin) {
        String owner = ownerOf(origin);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            TaskRecord record = store.find(taskId, now)
                    .filter(found -> found.owner().equals(owner))
                    .orElseThrow(NotFound::new);
            if (record.status() != TaskStatus.WORKING
                    || now.isBefore(record.leaseExpiresAt())
                    || running.containsKey(taskId)) {
                return record;
            }
            TaskRecord lost = ended(record.next(
                    TaskStatus.FAILED,
                    now,
                    null,
                    null,
                    null,
                    null,
                    error(
                                    -32603,
                                    "The task was lost: the server instance running it stopped before it ended; start it again")
                            .toString()));
            if (store.replace(record, lost)) {
                keptEnded(lost);
                LOG.warn("Task {} failed: its lease ran out with no instance running it", taskId);
                changed(lost);
                return lost;
            }
        }
        throw new IllegalStateException("the task changed too often to be read");
    }

    /**
     * Runs the task's call here once its tool has a free slot ({@code place}, or a place in the queue when
     * {@code null}), and records how it ended unless it was cancelled or ended meanwhile. While it waits it counts as
     * running here: its lease is renewed and a cancel withdraws it.
     */
    private void launch(TaskRecord record, RequestOrigin origin, Runner runWith, TaskRunQueue.Place place) {
        Runner run = Objects.requireNonNull(runWith, "runner");
        String taskId = record.taskId();
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        running.put(taskId, cancelled);
        AtomicBoolean started = new AtomicBoolean();
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
            return runOnce(record, origin, run, cancelled, started);
        };
        if (place != null) {
            place.submit(taskId, cancelled, start);
        } else {
            queue.submitAnyway(record.tool(), record.owner(), taskId, cancelled, start);
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
            Runner run,
            CompletableFuture<Void> cancelled,
            AtomicBoolean started) {
        String taskId = record.taskId();
        CompletableFuture<Outcome> outcome;
        try {
            ObjectNode params = (ObjectNode) read(record.request());
            if (record.inputResponses() != null) {
                params.set("inputResponses", read(record.inputResponses()));
            }
            ObjectNode meta = params.get(META) instanceof ObjectNode existing ? existing : params.putObject(META);
            meta.put(ResultMeta.REQUEST_ID, "task:" + taskId);
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
                settle(taskId, ended, failure);
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

    /** Tells the shared queue's runner that the task's run here ended. */
    private void tellShared(String taskId) {
        SharedTaskRunner through = shared;
        if (through != null) {
            through.finished(taskId);
        }
    }

    /** Whether a run was answered as busy: a concurrency limit refused it, so it waits for a slot again. */
    private static boolean refusedAsBusy(Outcome outcome) {
        return outcome != null
                && outcome.result() != null
                && outcome.result().path("isError").asBoolean(false)
                && TaskRequestMetrics.BUSY.equals(
                        outcome.result().path(META).path(ResultMeta.ERROR_TYPE).asText());
    }

    /** Records how a run ended, unless the task was cancelled, ended or lost meanwhile. */
    private void settle(String taskId, Outcome outcome, Throwable failure) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Optional<TaskRecord> found = store.find(taskId, now);
            if (found.isEmpty() || found.get().status() != TaskStatus.WORKING) {
                return;
            }
            TaskRecord record = found.get();
            TaskRecord next;
            if (failure != null) {
                LOG.error("Task {} failed", taskId, failure);
                next = failed(record, now, -32603, "Internal error: the task could not be run");
            } else if (outcome.inputRequests() != null) {
                next = record.next(
                        TaskStatus.INPUT_REQUIRED,
                        now,
                        null,
                        outcome.inputRequests().toString(),
                        record.inputResponses(),
                        null,
                        null);
            } else if (outcome.error() != null) {
                next = ended(record.next(
                        TaskStatus.FAILED,
                        now,
                        null,
                        null,
                        null,
                        null,
                        outcome.error().toString()));
            } else {
                next = completed(record, now, outcome.result());
            }
            if (store.replace(record, next)) {
                if (next.status().isTerminal()) {
                    keptEnded(next);
                }
                changed(next);
                return;
            }
        }
        LOG.warn("Task {} changed too often to record its outcome", taskId);
    }

    /** Tells the listener and the watchers here of a change just stored, and the other instances through the feed. */
    private void changed(TaskRecord record) {
        told(record);
        TaskChangeFeed shared = feed;
        if (shared != null) {
            try {
                shared.publish(new TaskChangeFeed.Change(instance, record.owner(), record.taskId()));
                feedFailing = false;
            } catch (RuntimeException e) {
                if (feedFailing) {
                    LOG.debug("Could not share the change of task {}: {}", record.taskId(), e.toString());
                } else {
                    feedFailing = true;
                    LOG.warn(
                            "Could not share the change of task {} with the other instances; their listeners see it"
                                    + " when they poll: {}",
                            record.taskId(),
                            e.toString());
                }
            }
        }
    }

    /** A change another instance stored: the task as the store holds it now is told here. */
    private void changedElsewhere(TaskChangeFeed.Change change) {
        if (change.source().equals(instance)) {
            return;
        }
        store.find(change.taskId(), clock.instant())
                .filter(record -> record.owner().equals(change.owner()))
                .ifPresent(record -> {
                    told(record);
                    for (Listener watcher : othersWatchers) {
                        try {
                            watcher.changed(record.owner(), record.taskId(), detailed(record));
                        } catch (RuntimeException e) {
                            LOG.warn("Could not tell a watcher of task {}: {}", record.taskId(), e.toString());
                        }
                    }
                });
    }

    /** Tells the listener of a change; its failure is logged, the task goes on. */
    private void told(TaskRecord record) {
        try {
            listener.changed(record.owner(), record.taskId(), detailed(record));
        } catch (RuntimeException e) {
            LOG.warn("Could not notify the listeners of task {}: {}", record.taskId(), e.toString());
        }
        watched(record);
    }

    /** Tells the watchers of a change; a watcher's failure is logged, the others are told. */
    private void watched(TaskRecord record) {
        for (Listener watcher : watchers) {
            try {
                watcher.changed(record.owner(), record.taskId(), detailed(record));
            } catch (RuntimeException e) {
                LOG.warn("Could not tell a watcher of task {}: {}", record.taskId(), e.toString());
            }
        }
    }

    /** The record of a run that answered {@code result}: completed, or failed for an internal error or a size. */
    private TaskRecord completed(TaskRecord record, Instant now, ObjectNode result) {
        JsonNode meta = result.path(META);
        if (result.path("isError").asBoolean(false)
                && "internal".equals(meta.path("dev.bulwark/error-type").asText())) {
            String message = result.path("content").path(0).path("text").asText("Internal error");
            return failed(record, now, -32603, message);
        }
        String text = result.toString();
        long size = sizeOf(text);
        if (size > settings.maxResultBytes()) {
            return failed(
                    record,
                    now,
                    -32603,
                    "The task's result is larger than the " + settings.maxResultBytes()
                            + " bytes a task may keep: ask for less at once");
        }
        if (!bytes.resize(record.taskId(), size)) {
            return failed(
                    record,
                    now,
                    -32603,
                    "The task's result of " + size + " bytes could not be kept: the tasks of its caller, or of every"
                            + " caller, keep as many bytes as they may; read older results and let them expire, or"
                            + " ask for less at once");
        }
        return ended(record.next(TaskStatus.COMPLETED, now, null, null, null, text, null));
    }

    private TaskRecord failed(TaskRecord record, Instant now, int code, String message) {
        return ended(record.next(
                TaskStatus.FAILED,
                now,
                null,
                null,
                null,
                null,
                error(code, message).toString()));
    }

    private ObjectNode error(int code, String message) {
        return mapper.createObjectNode().put("code", code).put("message", message);
    }

    /**
     * Frees the tasks expired by now, renews the leases of the tasks running here, and cancels those cancelled (or
     * gone) in the store.
     */
    void beat() {
        try {
            store.sweep(clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Could not free the expired tasks: {}", e.toString());
        }
        bytes.forgetExpired(clock.instant());
        queue.retryWaiting();
        SharedTaskRunner through = shared;
        if (through != null) {
            through.beat();
        }
        for (Map.Entry<String, CompletableFuture<Void>> run : running.entrySet()) {
            Unsettled ended = unsettled.get(run.getKey());
            if (ended != null) {
                settleLater(run.getKey(), run.getValue(), ended);
                continue;
            }
            try {
                Instant now = clock.instant();
                Optional<TaskRecord> found = store.find(run.getKey(), now);
                if (found.isEmpty() || found.get().status() != TaskStatus.WORKING) {
                    run.getValue().complete(null);
                    found.ifPresent(this::watched); // ended elsewhere (cancelled): its waiters here look again
                } else if (through == null || !through.holds(run.getKey())) { // a held entry is renewed in the queue
                    store.replace(found.get(), found.get().renewed(now, now.plus(settings.lease())));
                }
            } catch (DependencyUnavailableException e) { // the task store's gateway warns of the outage
                LOG.debug("Could not renew the lease of task {}: {}", run.getKey(), e.toString());
            } catch (RuntimeException e) {
                LOG.warn("Could not renew the lease of task {}: {}", run.getKey(), e.toString());
            }
        }
    }

    /** Stores the outcome of a run that ended while the store was unavailable, if it answers now. */
    private void settleLater(String taskId, CompletableFuture<Void> cancelled, Unsettled ended) {
        try {
            settle(taskId, ended.outcome(), ended.failure());
        } catch (RuntimeException e) {
            LOG.debug("Task {}'s outcome is still not stored: {}", taskId, e.toString());
            return;
        }
        unsettled.remove(taskId, ended);
        running.remove(taskId, cancelled);
        tellShared(taskId);
    }

    /** The fields every task answer carries. */
    private ObjectNode envelope(TaskRecord record) {
        ObjectNode task = mapper.createObjectNode()
                .put("taskId", record.taskId())
                .put("status", record.status().wireName())
                .put("createdAt", record.createdAt().toString())
                .put("lastUpdatedAt", record.updatedAt().toString())
                .put("ttlMs", settings.ttl().toMillis())
                .put("pollIntervalMs", settings.pollInterval().toMillis());
        if (record.status() == TaskStatus.FAILED) {
            task.put("statusMessage", read(record.error()).path("message").asText());
        } else if (record.status() == TaskStatus.WORKING && queue.isWaiting(record.taskId())) {
            String tool = record.tool();
            task.put(
                    "statusMessage",
                    "Waiting for a slot: tool '" + tool + "' runs at most " + queue.limit(tool)
                            + " calls at once; this task starts when one frees");
        } else if (waitsForARunner(record)) {
            task.put(
                    "statusMessage",
                    "Waiting in the shared queue: every runner is busy with tool '" + record.tool()
                            + "' or other tasks; this task starts when one takes it");
        }
        return task;
    }

    /**
     * Whether a working task waits in the shared queue, taken by no runner yet: its record is as created, with the
     * queue's lease (its expiry), since the runner that takes it changes the record before it runs it
     * ({@link #runTaken}).
     */
    private boolean waitsForARunner(TaskRecord record) {
        return record.status() == TaskStatus.WORKING
                && record.version() == 1
                && record.expiresAt().equals(record.leaseExpiresAt())
                && !running.containsKey(record.taskId());
    }

    private static String ownerOf(RequestOrigin origin) {
        return origin.caller().map(Principal::subject).orElse("");
    }

    /** A new task id: 160 random bits from {@link SecureRandom}, URL-safe Base64. */
    private String newTaskId() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private JsonNode read(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored task holds JSON that does not read", e);
        }
    }
}
