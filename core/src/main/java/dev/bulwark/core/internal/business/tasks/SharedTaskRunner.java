package dev.bulwark.core.internal.business.tasks;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.tasks.HeldTask;
import dev.bulwark.ports.tasks.QueuedTask;
import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One runner of a {@link TaskQueue} shared by instances and workers: offers, takes, holds and takes over its engine's
 * tasks (docs/operations.md, "The shared task queue"), reaching the engine through {@link TaskHost}. Thread-safe.
 */
final class SharedTaskRunner {

    /** How many new tasks one take asks for at most. */
    private static final int TAKE_AT_ONCE = 4;

    /**
     * How many takes one round makes at most: a round goes on taking while every take was full and none of the tasks
     * waits here for a slot, so a runner with free slots fills them at once instead of a few tasks a poll.
     */
    private static final int TAKES_PER_ROUND = 16;

    private static final Logger LOG = LoggerFactory.getLogger(SharedTaskRunner.class);

    private final TaskHost tasks;
    private final TaskQueue queue;
    private final String runnerId = UUID.randomUUID().toString();
    private final Duration takeOverAfter;
    /** The entries this runner holds, by task id. */
    private final Map<String, HeldTask> held = new ConcurrentHashMap<>();

    /**
     * The entries this runner took but could not start (the store or the queue failed), by task id: held, so that no
     * other runner takes them over as if this one had stopped, and started again at each heartbeat until they start.
     */
    private final Map<String, HeldTask> unstarted = new ConcurrentHashMap<>();

    /** The tasks being started now, by id: one thread at a time starts a task, so it never runs twice here. */
    private final Set<String> starting = ConcurrentHashMap.newKeySet();

    private final Clock clock;
    /**
     * Since when the queue has answered this runner without a failure. While the queue fails, no runner can renew its
     * holds, so a hold looks abandoned once it is back although its runner lives: this runner takes none over until the
     * queue has answered it for {@link #takeOverAfter}, time enough for every live runner to renew.
     */
    private volatile Instant reachableSince;

    private volatile boolean unreachable;

    /** @param takeOverAfter how long a runner's hold must go unrenewed before another runner takes it over */
    SharedTaskRunner(TaskHost tasks, TaskQueue queue, Duration takeOverAfter, Clock clock) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.takeOverAfter = Objects.requireNonNull(takeOverAfter, "takeOverAfter");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reachableSince = clock.instant();
    }

    /** This runner's name in the queue. */
    String runnerId() {
        return runnerId;
    }

    /** Whether this runner holds task {@code taskId}'s entry in the queue (and renews it there). */
    boolean holds(String taskId) {
        return held.containsKey(taskId);
    }

    /**
     * Offers a task just created to every runner, within {@code bounds}.
     *
     * @return whether it is queued; false when the shared queue is unavailable (the caller runs it here)
     * @throws dev.bulwark.ports.tasks.TaskQueueFullException when as many tasks wait as {@code bounds} allow
     */
    boolean offer(TaskRecord record, RequestOrigin origin, String tool, TaskQueue.Bounds bounds) {
        Principal caller = origin.caller().orElse(null);
        QueuedTask task = new QueuedTask(
                record.taskId(),
                record.owner(),
                caller == null ? java.util.Set.of() : caller.scopes(),
                tool,
                origin.clientRequestId(),
                origin.traceContext());
        List<HeldTask> taken;
        try {
            if (tasks.canRunTaken()) { // taken here in the same step, unless older tasks wait: no other runner races
                taken = queue.offerAndTake(task, bounds, runnerId);
            } else {
                queue.offer(task, bounds);
                taken = List.of();
            }
        } catch (DependencyUnavailableException e) {
            unreachable = true;
            LOG.warn("Task queue unavailable, running task {} on this instance: {}", record.taskId(), e.getMessage());
            return false;
        }
        startTaken(taken);
        return true;
    }

    /** Takes new tasks to run here while none waits here for a slot. */
    void takeNew() {
        try {
            for (int take = 0; take < TAKES_PER_ROUND && tasks.canRunTaken(); take++) {
                List<HeldTask> taken = queue.take(runnerId, TAKE_AT_ONCE);
                if (!startTaken(taken) || taken.size() < TAKE_AT_ONCE) {
                    return;
                }
            }
        } catch (DependencyUnavailableException e) {
            unreachable = true;
            LOG.debug("Task queue unavailable, taking nothing this round: {}", e.getMessage());
        } catch (RuntimeException e) { // on the heartbeat's thread: the next round must still come
            LOG.warn("Could not take tasks from the queue: {}", e.toString());
        }
    }

    /**
     * One heartbeat: renews the holds here, takes over those of runners that stopped (once the queue has answered
     * for long enough, see {@link #reachableSince}), takes new tasks.
     */
    void beat() {
        try {
            List<HeldTask> holding = new ArrayList<>(held.values());
            List<HeldTask> still = queue.renew(runnerId, holding);
            Instant now = clock.instant();
            if (unreachable) {
                unreachable = false;
                reachableSince = now;
            }
            for (HeldTask lost : holding) {
                if (!still.contains(lost)) { // taken over meanwhile: this runner had stopped renewing for too long
                    held.remove(lost.task().taskId(), lost);
                }
            }
            boolean started = startAll(new ArrayList<>(unstarted.values()));
            if (started && tasks.canRunTaken() && !now.isBefore(reachableSince.plus(takeOverAfter))) {
                startTaken(queue.takeOver(runnerId, takeOverAfter, TAKE_AT_ONCE));
            }
        } catch (DependencyUnavailableException e) {
            unreachable = true;
            LOG.debug("Task queue unavailable, renewing nothing this round: {}", e.getMessage());
        } catch (RuntimeException e) { // on the heartbeat's thread: the next round must still come
            LOG.warn("Could not renew or take over tasks in the queue: {}", e.toString());
        }
        takeNew();
    }

    /**
     * The task's run here ended (it ended, waits for input, or was cancelled): its entry is done, if this runner still
     * holds it. One taken over meanwhile is left to the runner that holds it now.
     */
    void finished(String taskId) {
        HeldTask task = held.get(taskId);
        if (task == null || tasks.runsHere(taskId)) {
            return;
        }
        held.remove(taskId, task);
        try {
            if (!queue.done(runnerId, task)) {
                LOG.debug("Task {} ended here, but its entry is another runner's now: that runner ends it", taskId);
            }
        } catch (DependencyUnavailableException e) {
            unreachable = true;
            LOG.debug("Could not mark task {} done in the queue: {}", taskId, e.getMessage());
        }
    }

    /**
     * Hands the entry of a task taken here but never started back to the queue, as this runner stops: another runner
     * takes it at once, as a fresh entry.
     *
     * @return false when this runner holds no entry of it, or the queue is unavailable
     */
    boolean handBack(String taskId) {
        HeldTask task = held.remove(taskId);
        if (task == null) {
            return false;
        }
        unstarted.remove(taskId, task);
        try {
            queue.release(runnerId, task);
            return true;
        } catch (DependencyUnavailableException e) {
            LOG.warn("Could not hand task {} back to the queue as this runner stops: {}", taskId, e.getMessage());
            return false;
        }
    }

    /**
     * Holds every task of a batch just taken from the queue, then starts each: a task whose start fails stays held
     * here with the rest of its batch, so that no other runner takes them over as if this one had stopped.
     *
     * @return whether every task of the batch started, or ended, without a failure
     */
    private boolean startTaken(List<HeldTask> taken) {
        for (HeldTask task : taken) {
            String taskId = task.task().taskId();
            held.putIfAbsent(taskId, task);
            unstarted.putIfAbsent(taskId, task);
        }
        return startAll(taken);
    }

    /**
     * Starts each of {@code tasks}, held here; one that fails to start stays in {@link #unstarted} and the others
     * start all the same.
     *
     * @return whether every one started, or ended, without a failure
     */
    private boolean startAll(List<HeldTask> tasks) {
        boolean all = true;
        for (HeldTask task : tasks) {
            try {
                start(task);
            } catch (DependencyUnavailableException e) {
                all = false;
                unreachable = true;
                LOG.debug(
                        "Could not start task {} taken from the queue; it starts at a later heartbeat: {}",
                        task.task().taskId(),
                        e.getMessage());
            } catch (RuntimeException e) { // stays held here, and starts at a later heartbeat
                all = false;
                LOG.warn(
                        "Could not start task {} taken from the queue; it starts at a later heartbeat: {}",
                        task.task().taskId(),
                        e.toString());
            }
        }
        return all;
    }

    /**
     * Runs a task taken from the queue here, or ends its entry when it will not run.
     *
     * @throws RuntimeException when the store or the queue failed: the entry stays held here, in {@link #unstarted}
     */
    private void start(HeldTask task) {
        String taskId = task.task().taskId();
        if (!starting.add(taskId)) { // another thread starts it now (a take, and the heartbeat's retry)
            return;
        }
        try {
            if (tasks.runsHere(taskId)) { // started on another thread meanwhile: its entry stays held
                unstarted.remove(taskId, task);
                return;
            }
            held.putIfAbsent(taskId, task);
            unstarted.put(taskId, task);
            if (!startHeld(task)) {
                held.remove(taskId, task);
            }
            unstarted.remove(taskId, task);
        } finally {
            starting.remove(taskId);
        }
    }

    /** {@link #start}'s work, {@code task} held meanwhile; whether it runs here (and stays held). */
    private boolean startHeld(HeldTask task) {
        String taskId = task.task().taskId();
        Optional<TaskRecord> found = tasks.stored(taskId);
        if (found.isEmpty() || found.get().status() != TaskStatus.WORKING || tasks.runsHere(taskId)) {
            if (!tasks.runsHere(taskId)) {
                queue.done(runnerId, task);
            }
            return false;
        }
        TaskRecord record = found.get();
        // Only a mark says a call may have run: a run calls its tool once its mark is stored durably, so a task taken
        // over without one never reached its tool; one taken afresh with one lost its take in a failover.
        if (record.startedBy() != null && !tasks.takeOver(record, task.task().tool())) {
            queue.done(runnerId, task);
            return false;
        }
        RequestOrigin origin = RequestOrigin.builder(ProtocolEra.REQUESTS_2026_07_28)
                .caller(new Principal(task.task().owner(), task.task().scopes()))
                .clientRequestId(task.task().requestId().orElse(null))
                .traceContext(task.task().traceContext()) // its spans join the trace of the call that created it
                .build();
        if (!tasks.runTaken(record, origin)) {
            queue.done(runnerId, task);
            return false;
        }
        return true;
    }
}
