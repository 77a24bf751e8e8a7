package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.AcceptedCall;
import dev.bulwark.core.AcceptedCalls;
import dev.bulwark.core.internal.business.tasks.TaskOutcome;
import dev.bulwark.core.internal.business.tasks.TaskRunner;
import dev.bulwark.ports.origin.RequestOrigin;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Runs the calls of tasks as accepted calls, through the embedders' public path ({@link AcceptedCalls}), each run
 * told it runs as a task. Thread-safe.
 */
public final class AcceptedTaskRuns implements TaskRunner {

    private final AcceptedCalls calls;
    private final ObjectMapper mapper;

    public AcceptedTaskRuns(AcceptedCalls calls, ObjectMapper mapper) {
        this.calls = Objects.requireNonNull(calls, "calls");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * A stored call that can no longer be rebuilt, such as one of a tool no longer served, ends its task as a call
     * with invalid params would.
     */
    @Override
    @SuppressWarnings("unchecked") // a JSON object: string keys
    public CompletableFuture<TaskOutcome> run(
            String taskId, ObjectNode params, RequestOrigin origin, CompletableFuture<Void> cancelled) {
        AcceptedCall call;
        try {
            call = calls.of(
                    mapper.convertValue(params, Map.class),
                    origin.toBuilder().taskRun(true).build());
        } catch (IllegalArgumentException refused) {
            return CompletableFuture.completedFuture(new TaskOutcome(
                    null,
                    null,
                    mapper.createObjectNode()
                            .put("code", McpSchema.ErrorCodes.INVALID_PARAMS)
                            .put("message", "Invalid params: " + refused.getMessage())));
        }
        return outcomeOf(call.start("task:" + taskId, cancelled), mapper);
    }

    /** How a task's run ended: the call's result, the input it asked for, or the protocol error it was refused with. */
    static CompletableFuture<TaskOutcome> outcomeOf(CompletionStage<Map<String, Object>> run, ObjectMapper mapper) {
        return run.toCompletableFuture().handle((result, failure) -> outcome(result, failure, mapper));
    }

    private static TaskOutcome outcome(Map<String, Object> result, Throwable failure, ObjectMapper mapper) {
        if (failure != null) {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof AcceptedCall.RunRefusedException refused) {
                ObjectNode error = mapper.createObjectNode()
                        .put("code", refused.code())
                        .put("message", Objects.requireNonNullElse(refused.getMessage(), "Error"));
                return new TaskOutcome(null, null, error);
            }
            throw cause instanceof CompletionException completion ? completion : new CompletionException(cause);
        }
        if ("input_required".equals(result.get("resultType"))) {
            return new TaskOutcome(mapper.valueToTree(result.get("inputRequests")), null, null);
        }
        return new TaskOutcome(null, mapper.valueToTree(result), null);
    }
}
