package dev.bulwark.core.internal.business.tasks;

import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStatus;
import dev.bulwark.ports.tasks.TaskStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases of the tasks running here, kept by a heartbeat: it renews them, takes over the holds of runners that
 * stopped, cancels runs ended elsewhere, stores outcomes kept while the store was down and frees expired tasks.
 * Thread-safe.
 */
final class TaskLeases implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskLeases.class);

    private final TaskStore store;
    private final Clock clock;
    private final TaskSettings settings;
    private final TaskBytes bytes;
    private final TaskRunQueue slots;
    private final TaskRuns runs;
    private final TaskEndings endings;
    private final TaskChanges changes;
    private final ScheduledExecutorService heartbeat;
    /**
     * Takes new tasks from the shared queue on a thread of its own, so that a heartbeat held up does not hold up taking
     * tasks, nor the reverse; null without a shared queue.
     */
    private final ScheduledExecutorService polls;

    /** @param beating whether the heartbeat and the polls run (an engine with no task-supporting tool needs none) */
    TaskLeases(
            TaskStore store,
            Clock clock,
            TaskSettings settings,
            TaskBytes bytes,
            TaskRunQueue slots,
            TaskRuns runs,
            TaskEndings endings,
            TaskChanges changes,
            boolean beating) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.slots = Objects.requireNonNull(slots, "slots");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.endings = Objects.requireNonNull(endings, "endings");
        this.changes = Objects.requireNonNull(changes, "changes");
        this.heartbeat = beating ? daemon("bulwark-task-heartbeat") : null;
        this.polls = beating && runs.shared().isPresent() ? daemon("bulwark-task-poll") : null;
    }

    /** Starts the heartbeat and the polls of the shared queue. */
    void start() {
        if (heartbeat != null) {
            long every = settings.heartbeat().toMillis();
            heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        }
        if (polls != null) {
            long every = settings.pollInterval().toMillis();
            SharedTaskRunner through = runs.shared().orElseThrow();
            polls.scheduleWithFixedDelay(through::takeNew, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * One heartbeat: frees the tasks expired by now, renews the leases of the tasks running here, and cancels those
     * cancelled (or gone) in the store.
     */
    void beat() {
        try {
            store.sweep(clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Could not free the expired tasks: {}", e.toString());
        }
        bytes.forgetExpired(clock.instant());
        slots.retryWaiting();
        Optional<SharedTaskRunner> through = runs.shared();
        through.ifPresent(SharedTaskRunner::beat);
        for (Map.Entry<String, CompletableFuture<Void>> run : runs.runningNow().entrySet()) {
            if (runs.settleLater(run.getKey(), run.getValue())) {
                continue;
            }
            try {
                Instant now = clock.instant();
                Optional<TaskRecord> found = store.find(run.getKey(), now);
                if (found.isEmpty() || found.get().status() != TaskStatus.WORKING) {
                    run.getValue().complete(null);
                    found.ifPresent(changes::noticed); // ended elsewhere (cancelled): its waiters here look again
                } else if (through.isEmpty() || !through.get().holds(run.getKey())) { // a held entry is renewed there
                    store.replace(found.get(), found.get().renewed(now, now.plus(settings.lease())));
                }
            } catch (DependencyUnavailableException e) { // the task store's gateway warns of the outage
                LOG.debug("Could not renew the lease of task {}: {}", run.getKey(), e.toString());
            } catch (RuntimeException e) {
                LOG.warn("Could not renew the lease of task {}: {}", run.getKey(), e.toString());
            }
        }
    }

    /**
     * Stops the heartbeat and the polls of the shared queue. A task waiting here for a slot, never started, goes back
     * to the shared queue for another runner when it came from there, else fails saying the server stopped before it
     * ran; the tasks running here are failed by their leases running out (or run again elsewhere when their tool may
     * repeat).
     */
    @Override
    public void close() {
        stop(heartbeat);
        stop(polls);
        for (String taskId : slots.withdrawAll()) {
            runs.forget(taskId);
            if (runs.shared().map(through -> !through.handBack(taskId)).orElse(true)) {
                endings.failNeverStarted(taskId);
            }
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
}
