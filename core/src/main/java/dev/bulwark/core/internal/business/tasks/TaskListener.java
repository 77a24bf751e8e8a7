package dev.bulwark.core.internal.business.tasks;

import dev.bulwark.ports.tasks.TaskRecord;

/** Told of a change of a task's status or pending input, after it is stored. Implementations are thread-safe. */
@FunctionalInterface
public interface TaskListener {

    /** Where a change was seen. */
    enum Seen {
        /** Stored by this instance. */
        HERE,
        /** Stored by another instance, and come through the feed of changes. */
        ELSEWHERE,
        /** Found by this instance's heartbeat: a task running here ended elsewhere (it was cancelled). */
        NOTICED
    }

    /** {@code record} is the task as stored now. */
    void changed(TaskRecord record, Seen seen);

    /**
     * Whether a change another instance stored of task {@code taskId} of {@code owner} is wanted here: the task is
     * read from the store only when some listener wants it, and told only to those. It must be cheap (no store call).
     * By default every change is wanted.
     */
    default boolean wants(String owner, String taskId) {
        return true;
    }
}
