package dev.bulwark.ports.tasks;

import java.util.Objects;
import java.util.Set;

/**
 * A task as a {@link TaskQueue} carries it: enough for a runner to find its record and its tool's slot. Immutable.
 *
 * @param taskId the task's id in the {@link TaskStore}
 * @param owner the subject of the principal that started it
 * @param scopes the scopes that principal held when it started it: its run is authorized with them
 * @param tool the name of the tool it calls
 */
public record QueuedTask(String taskId, String owner, Set<String> scopes, String tool) {

    public QueuedTask {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(owner, "owner");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(tool, "tool");
    }
}
