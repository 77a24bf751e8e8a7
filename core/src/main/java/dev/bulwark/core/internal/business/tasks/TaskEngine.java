package dev.bulwark.core.internal.business.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Tool;
import dev.bulwark.core.config.LimitSettings;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.tasks.TaskChangeFeed;
import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStatus;
import dev.bulwark.ports.tasks.TaskStore;
import dev.bulwark.ports.time.Ticker;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The task engine of both protocol eras, built once with all it needs: creates, runs and keeps tool calls' tasks in
 * the {@link TaskStore}, so that any instance sharing the store serves any task. Thread-safe.
 */
public final class TaskEngine implements AutoCloseable {

    /** The task-taking tool served now under a name: read at each task, so that a tool added later takes tasks. */
    private final Function<String, Optional<Tool<?, ?>>> taskTools;

    private final boolean offered;
    private final TaskRunQueue slots;
    private final TaskChanges changes;
    private final TaskRuns runs;
    private final TaskLifecycle lifecycle;
    private final TaskLeases leases;

    /** An engine with no shared queue nor feed, and the default concurrency limit of a tool. */
    public TaskEngine(
            ObjectMapper mapper,
            TaskStore store,
            TaskSettings settings,
            Clock clock,
            List<Tool<?, ?>> tools,
            TaskRunner runner) {
        this(
                mapper,
                store,
                settings,
                clock,
                tools,
                LimitSettings.DEFAULT_MAX_CONCURRENT_CALLS_PER_TOOL,
                runner,
                Optional.empty(),
                Optional.empty());
    }

    /**
     * @param maxConcurrentCallsPerTool the concurrency limit of a tool that declares none ({@code
     *     limits.max-concurrent-calls-per-tool}): the runs of a tool's tasks beyond its limit wait for a slot
     * @param runner runs the calls of the tasks {@link #start} creates and of those taken from {@code queue}
     * @param queue the queue shared with other instances and workers: each task {@link #start} creates is offered
     *     there, and this engine takes tasks from it, its own or others', while none waits here for a slot
     * @param feed the changes shared with the other instances sharing {@code store}, so that a client hears of its
     *     task whichever instance it listens on
     */
    public TaskEngine(
            ObjectMapper mapper,
            TaskStore store,
            TaskSettings settings,
            Clock clock,
            List<Tool<?, ?>> tools,
            int maxConcurrentCallsPerTool,
            TaskRunner runner,
            Optional<TaskQueue> queue,
            Optional<TaskChangeFeed> feed) {
        this(
                mapper,
                store,
                settings,
                clock,
                fixed(tools),
                hasTaskTool(tools),
                maxConcurrentCallsPerTool,
                runner,
                queue,
                feed);
    }

    /**
     * As the engine over a fixed list of tools, over the tools served now instead.
     *
     * @param tools the tool served now under a name (a catalogue's lookup), read at each task
     * @param offered whether tasks are offered: the eras then advertise them, and a tool that joins later may take them
     */
    public TaskEngine(
            ObjectMapper mapper,
            TaskStore store,
            TaskSettings settings,
            Clock clock,
            Function<String, Optional<Tool<?, ?>>> tools,
            boolean offered,
            int maxConcurrentCallsPerTool,
            TaskRunner runner,
            Optional<TaskQueue> queue,
            Optional<TaskChangeFeed> feed) {
        this.taskTools = name -> tools.apply(name).filter(tool -> tool.taskSupport() != Tool.TaskSupport.FORBIDDEN);
        this.offered = offered;
        this.slots = new TaskRunQueue(
                name -> taskTools
                        .apply(name)
                        .map(tool -> tool.maxConcurrency().orElse(maxConcurrentCallsPerTool))
                        .orElse(maxConcurrentCallsPerTool),
                settings.maxQueuedPerCaller(),
                settings.maxQueued());
        TaskBytes bytes = new TaskBytes(settings.maxBytesPerCaller(), settings.maxBytes());
        this.changes = new TaskChanges(store, clock, feed, Ticker.system());
        TaskEndings endings = new TaskEndings(mapper, store, clock, settings, bytes, changes);
        this.runs = new TaskRuns(mapper, store, clock, settings, taskTools, runner, slots, endings, queue);
        this.lifecycle = new TaskLifecycle(mapper, store, clock, settings, bytes, slots, runs, endings);
        this.leases = new TaskLeases(store, clock, settings, bytes, slots, runs, endings, changes, offered);
        leases.start();
    }

    /** Whether any tool supports tasks: the eras then advertise them. */
    public boolean offered() {
        return offered;
    }

    /** The task-supporting tool named {@code name}, if there is one. */
    public Optional<Tool<?, ?>> taskTool(String name) {
        return taskTools.apply(name);
    }

    private static Function<String, Optional<Tool<?, ?>>> fixed(List<Tool<?, ?>> tools) {
        Map<String, Tool<?, ?>> byName =
                tools.stream().collect(Collectors.toUnmodifiableMap(Tool::name, Function.identity(), (a, b) -> a));
        return name -> Optional.ofNullable(byName.get(name));
    }

    private static boolean hasTaskTool(List<Tool<?, ?>> tools) {
        return tools.stream().anyMatch(tool -> tool.taskSupport() != Tool.TaskSupport.FORBIDDEN);
    }

    /**
     * Creates the task of the call {@code params} by {@code origin}'s caller, durably, then runs it with the engine's
     * runner: here, or through the shared queue when there is one.
     *
     * @throws dev.bulwark.ports.tasks.TaskStoreFullException when the caller has too many tasks
     * @throws TaskBusy when the tasks keep as many bytes, or as many wait, as they may
     */
    public TaskRecord start(ObjectNode params, RequestOrigin origin) {
        return lifecycle.create(params, origin, runs.runner());
    }

    /**
     * As {@link #start(ObjectNode, RequestOrigin)}, its first run here through {@code first}, unless the shared queue
     * takes it; a run after that (once the tool has a free slot, or with the client's input) through the engine's
     * runner.
     *
     * @throws dev.bulwark.ports.tasks.TaskStoreFullException when the caller has too many tasks
     * @throws TaskBusy when the tasks keep as many bytes, or as many wait, as they may
     */
    public TaskRecord start(ObjectNode params, RequestOrigin origin, TaskRunner first) {
        if (runs.shared().isPresent()) {
            return start(params, origin);
        }
        TaskRunner engine = runs.runner();
        AtomicBoolean firstRan = new AtomicBoolean();
        return lifecycle.create(
                params,
                origin,
                (taskId, runParams, runOrigin, cancelled) -> firstRan.compareAndSet(false, true)
                        ? first.run(taskId, runParams, runOrigin, cancelled)
                        : engine.run(taskId, runParams, runOrigin, cancelled));
    }

    /**
     * Creates the task of the call {@code params} by {@code origin}'s caller, durably, then runs it here with
     * {@code run} (the session era's, which runs it in its session).
     *
     * @throws dev.bulwark.ports.tasks.TaskStoreFullException when the caller has too many tasks
     * @throws TaskBusy when the tasks keep as many bytes, or as many wait, as they may
     */
    public TaskRecord create(ObjectNode params, RequestOrigin origin, TaskRunner run) {
        return lifecycle.create(params, origin, run);
    }

    /** The caller's task {@code taskId}, its lost run failed first; {@link TaskNotFound} when it is none of theirs. */
    public TaskRecord visible(String taskId, RequestOrigin origin) {
        return lifecycle.visible(taskId, origin);
    }

    /** The stored task {@code taskId}, whoever owns it. */
    public Optional<TaskRecord> stored(String taskId) {
        return runs.stored(taskId);
    }

    /**
     * Delivers the client's answers to the task's pending input; once none is pending, the call runs again with every
     * answer. Answers to nothing pending are ignored.
     */
    public void update(String taskId, JsonNode inputResponses, RequestOrigin origin) {
        lifecycle.update(taskId, inputResponses, origin);
    }

    /** Cancels the task; one that ended stays as it ended. */
    public void cancel(String taskId, RequestOrigin origin) {
        lifecycle.cancel(taskId, origin);
    }

    /** The caller's unexpired tasks, oldest first. */
    public List<TaskRecord> owned(RequestOrigin origin) {
        return lifecycle.owned(origin);
    }

    /**
     * Stores whether the run of a working task waits for its client's answer to a request it sent, and tells every
     * instance, so that the task shows as waiting for input wherever its client asks.
     */
    public void awaitingClient(String taskId, boolean waiting) {
        lifecycle.awaitingClient(taskId, waiting);
    }

    /** Whether task {@code taskId} runs on this instance now. */
    public boolean runsHere(String taskId) {
        return runs.runsHere(taskId);
    }

    /**
     * Why a working task has not started, if it waits: for a slot of its tool here, or in the shared queue for a
     * runner; a sentence for its caller.
     */
    public Optional<String> waiting(TaskRecord record) {
        if (record.status() != TaskStatus.WORKING) {
            return Optional.empty();
        }
        if (slots.isWaiting(record.taskId())) {
            return Optional.of("Waiting for a slot: tool '" + record.tool() + "' runs at most "
                    + slots.limit(record.tool()) + " calls at once; this task starts when one frees");
        }
        if (waitsForARunner(record)) {
            return Optional.of("Waiting in the shared queue: every runner is busy with tool '" + record.tool()
                    + "' or other tasks; this task starts when one takes it");
        }
        return Optional.empty();
    }

    /**
     * Whether a working task waits in the shared queue, taken by no runner yet: its record is as created, with the
     * queue's lease (its expiry), since the runner that takes it changes the record before it runs it.
     */
    private boolean waitsForARunner(TaskRecord record) {
        return record.version() == 1
                && record.expiresAt().equals(record.leaseExpiresAt())
                && !runs.runsHere(record.taskId());
    }

    /**
     * Tells {@code listener} of every change of a task from now on (stored here, stored elsewhere when it wants it,
     * or a task running here found ended elsewhere), until the returned handle is closed.
     */
    public AutoCloseable listen(TaskListener listener) {
        return changes.listen(listener);
    }

    /** One heartbeat, as the heartbeat's thread runs it (tests drive it on a clock of their own). */
    void beat() {
        leases.beat();
    }

    /**
     * Stops the heartbeat, the polls of the shared queue and the feed of changes. A task waiting here for a slot goes
     * back to the shared queue when it came from there, else fails saying the server stopped before it ran; the tasks
     * running here are failed by their leases running out (or run again elsewhere when their tool may repeat).
     * Closing again does nothing more.
     */
    @Override
    public void close() {
        leases.close();
        changes.close();
    }
}
