package dev.bulwark.core.internal.business.tasks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.ports.origin.RequestOrigin;
import java.util.concurrent.CompletableFuture;

/** Runs one call of a task through the pipeline, in the era that serves it. Implementations are thread-safe. */
@FunctionalInterface
public interface TaskRunner {

    /**
     * Runs the {@code tools/call} of {@code params} as {@code origin}'s caller; the outcome completes when it ends.
     * Completing {@code cancelled} cancels the call.
     */
    CompletableFuture<TaskOutcome> run(
            String taskId, ObjectNode params, RequestOrigin origin, CompletableFuture<Void> cancelled);
}
