package dev.bulwark.core.internal.business.tasks;

import dev.bulwark.core.internal.data.logging.ThrottledWarning;
import dev.bulwark.ports.logging.FailureText;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStatus;
import dev.bulwark.ports.tasks.TaskStore;
import dev.bulwark.ports.time.Ticker;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks a task's record started by this runner just before its call runs, durably, so that a runner that takes the
 * task again (a Redis failover can lose a take) knows that it ran. Thread-safe.
 */
final class TaskStartMarks {

    /** What a run does once its mark was tried. */
    enum Mark {
        /** Marked, or marking is not required: the call runs. */
        RUN,
        /** Not marked durably: the call does not run now, and waits for a later try. */
        WAIT,
        /** The task ended, is gone, or another runner started it since it was taken here: the call never runs here. */
        SKIP
    }

    private static final Logger LOG = LoggerFactory.getLogger(TaskStartMarks.class);

    private final TaskStore store;
    private final Clock clock;
    private final String runner;
    /** A waiting task is tried again each time the runner looks for work: one warning per interval, not per try. */
    private final ThrottledWarning notMarked;

    /**
     * @param runner this runner's id, which the mark carries
     * @param ticker the clock of the warnings' interval
     */
    TaskStartMarks(TaskStore store, Clock clock, String runner, Ticker ticker) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.notMarked = new ThrottledWarning(
                LOG,
                "Tasks do not start yet: their start could not be stored durably; each is tried again while this"
                        + " runner holds it: {}",
                ticker,
                ThrottledWarning.DEFAULT_INTERVAL);
    }

    /**
     * Marks the task of {@code launched} started by this runner, waiting for a replica where the store has one.
     *
     * @param launched the record its run was launched with: a mark it carries was already judged when it was taken
     * @param required whether the call waits until the mark is stored durably (a task taken from the shared queue),
     *     or runs anyway (a task kept in this instance's memory, which no other runner can take)
     */
    Mark mark(TaskRecord launched, boolean required) {
        String taskId = launched.taskId();
        try {
            for (int attempt = 0; attempt < TaskEndings.MAX_ATTEMPTS; attempt++) {
                Instant now = clock.instant();
                Optional<TaskRecord> found = store.find(taskId, now);
                if (found.isEmpty() || found.get().status() != TaskStatus.WORKING) {
                    return Mark.SKIP;
                }
                TaskRecord record = found.get();
                if (startedByAnother(record, launched)) {
                    // marked since this runner took it: the other runner lives and has it, so neither fail nor run it
                    LOG.info(
                            "Task {} is left to runner {}, which started it since it was taken here",
                            taskId,
                            record.startedBy());
                    return Mark.SKIP;
                }
                if (store.replaceDurably(record, record.started(now, runner))) {
                    return Mark.RUN;
                }
            }
            LOG.warn("Task {} changed too often to be marked started", taskId);
        } catch (RuntimeException e) {
            if (required) {
                LOG.debug("Task {} does not start yet: {}", taskId, FailureText.of(e));
                notMarked.warn(e);
            } else {
                LOG.debug("Task {} runs unmarked: its start could not be stored: {}", taskId, e.toString());
            }
        }
        return required ? Mark.WAIT : Mark.RUN;
    }

    private boolean startedByAnother(TaskRecord record, TaskRecord launched) {
        String by = record.startedBy();
        return by != null && !by.equals(runner) && !by.equals(launched.startedBy());
    }
}
