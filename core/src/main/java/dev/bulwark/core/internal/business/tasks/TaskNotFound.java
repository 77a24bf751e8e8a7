package dev.bulwark.core.internal.business.tasks;

/** A task's id, owner or state the caller may not see: every operation answers "not found". */
public final class TaskNotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TaskNotFound() {
        super(
                "Task not found: no task with this taskId belongs to the caller (it may have expired)",
                null,
                false,
                false);
    }
}
