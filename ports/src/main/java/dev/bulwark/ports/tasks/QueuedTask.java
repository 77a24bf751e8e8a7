package dev.bulwark.ports.tasks;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A task as a {@link TaskQueue} carries it: enough for a runner to find its record and its tool's slot, and to run it
 * as the request that created it. Immutable.
 *
 * @param taskId the task's id in the {@link TaskStore}
 * @param owner the subject of the principal that started it
 * @param scopes the scopes that principal held when it started it: its run is authorized with them
 * @param tool the name of the tool it calls
 * @param requestId the request id the creating request's client sent in a transport header, if any
 * @param traceContext the W3C trace context the creating request's client sent in transport headers, by lower-case
 *     header name: the run's spans join that trace wherever it runs
 */
public record QueuedTask(
        String taskId,
        String owner,
        Set<String> scopes,
        String tool,
        Optional<String> requestId,
        Map<String, String> traceContext) {

    public QueuedTask {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(owner, "owner");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(requestId, "requestId");
        traceContext = Map.copyOf(traceContext);
    }

    /** A task whose creating request brought no request id and no trace context. */
    public QueuedTask(String taskId, String owner, Set<String> scopes, String tool) {
        this(taskId, owner, scopes, tool, Optional.empty(), Map.of());
    }
}
