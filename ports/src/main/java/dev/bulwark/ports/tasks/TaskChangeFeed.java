package dev.bulwark.ports.tasks;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Carries the changes of tasks between the instances that share a {@link TaskStore}, so that each instance tells its
 * own listeners (a {@code subscriptions/listen} stream, a session waiting on {@code tasks/result}) of a change another
 * instance stored. A change names its task only: a listener reads the task from the store. Delivery is best effort:
 * a change missed while the feed is down is seen by the next {@code tasks/get}. Implementations must be thread-safe.
 */
public interface TaskChangeFeed {

    /**
     * One stored change of a task.
     *
     * @param source the instance that stored it, so that it can ignore its own changes
     * @param owner the task's owner
     * @param taskId the task's id
     */
    record Change(String source, String owner, String taskId) {
        public Change {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(taskId, "taskId");
        }
    }

    /**
     * Sends {@code change} to every instance listening, this one possibly included.
     *
     * @throws dev.bulwark.ports.DependencyUnavailableException when the feed cannot send it now
     */
    void publish(Change change);

    /**
     * Delivers every change any instance publishes to {@code listener}, on a thread of the feed, until the returned
     * handle is closed; a feed that loses its connection reconnects by itself.
     */
    AutoCloseable listen(Consumer<Change> listener);
}
