package dev.bulwark.ports.tasks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the records of tasks so that any instance sharing the store can serve any task: create, find and change
 * them, each change a compare-and-set on the record's version. Failures of a shared store are reported as
 * {@link dev.bulwark.ports.DependencyUnavailableException}. Implementations must be thread-safe.
 */
public interface TaskStore {

    /**
     * Saves a new task (version 1) unless its owner already keeps {@code maxKept} unexpired tasks or has
     * {@code maxActive} tasks active ({@link TaskRecord#activeUntil()} after {@code now}); checked and saved
     * atomically.
     *
     * @throws TaskStoreFullException when a bound is reached
     * @throws IllegalStateException when a task with that id exists
     */
    void create(TaskRecord record, int maxKept, int maxActive, Instant now);

    /**
     * Removes the {@code current} version of a task whose creation was refused after it was stored (no caller ever
     * saw it), unless it changed meanwhile or is gone: it no longer counts toward its owner's bounds.
     *
     * @return whether it was removed
     */
    boolean remove(TaskRecord current);

    /** The task with {@code taskId}, or empty when there is none or it is expired at {@code now}. */
    Optional<TaskRecord> find(String taskId, Instant now);

    /**
     * Replaces the stored {@code current} version of a task with {@code next} (whose version is one more), unless
     * the stored record changed meanwhile (its version is not {@code current.version()}) or is gone.
     *
     * @return whether it was replaced
     */
    boolean replace(TaskRecord current, TaskRecord next);

    /**
     * As {@link #replace}, but returns only once the change would outlive the loss of the store's primary: a
     * replicated store waits for a replica to acknowledge it. A store without replicas replaces as {@link #replace}.
     *
     * @return whether it was replaced
     * @throws dev.bulwark.ports.DependencyUnavailableException when the store fails, or no replica acknowledged the
     *     change in time (the change may still be stored)
     */
    default boolean replaceDurably(TaskRecord current, TaskRecord next) {
        return replace(current, next);
    }

    /**
     * The tasks of {@code owner} not expired at {@code now}, oldest first (by {@link TaskRecord#createdAt()}, then
     * {@link TaskRecord#taskId()}); as many as the owner keeps, which {@link #create}'s {@code maxKept} bounds.
     */
    List<TaskRecord> owned(String owner, Instant now);

    /**
     * Frees the tasks expired at {@code now}, called periodically so that they do not wait for the next
     * {@link #create}; a store whose records expire by themselves (a key with a time to live) has nothing to do.
     */
    default void sweep(Instant now) {}

    /**
     * Whether task {@code taskId} is held in this instance's memory only, where no other instance can read or run
     * it: a store that falls back to memory while the shared one fails says so; any other store holds none.
     */
    default boolean heldOnlyHere(String taskId) {
        return false;
    }
}
