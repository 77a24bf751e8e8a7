package dev.bulwark.core.internal.presentation.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.internal.business.tasks.TaskBusy;
import dev.bulwark.core.internal.business.tasks.TaskOutcome;
import dev.bulwark.core.internal.presentation.pipeline.ResultMeta;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Translates between the task engine and the SDK's answers to a call, for both eras. Stateless. */
public final class TaskCallResults {

    private TaskCallResults() {}

    /** The answer to a call whose task was refused as busy: an error result of type {@code busy} with its retry hint. */
    public static McpSchema.CallToolResult busy(TaskBusy busy) {
        return McpSchema.CallToolResult.builder()
                .content(
                        List.of(McpSchema.TextContent.builder(busy.getMessage()).build()))
                .isError(true)
                .meta(Map.of(
                        ResultMeta.ERROR_TYPE,
                        TaskRequestMetrics.BUSY,
                        ResultMeta.RETRY_AFTER_MS,
                        Math.max(1, busy.retryAfter().toMillis())))
                .build();
    }

    /** The outcome of a task's run the SDK's server answered with {@code response}: its result, or its error. */
    public static TaskOutcome outcome(JSONRPCResponse response, ObjectMapper mapper, McpJsonMapper sdkMapper) {
        if (response.error() != null) {
            ObjectNode error = mapper.createObjectNode()
                    .put(
                            "code",
                            Objects.requireNonNullElse(response.error().code(), McpSchema.ErrorCodes.INTERNAL_ERROR))
                    .put("message", Objects.requireNonNullElse(response.error().message(), "Error"));
            return new TaskOutcome(null, null, error);
        }
        return new TaskOutcome(null, sdkMapper.convertValue(response.result(), ObjectNode.class), null);
    }
}
