package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.core.CallContext;
import dev.bulwark.core.Tool;
import java.util.Map;
import java.util.Objects;

/**
 * One tool call as it travels the pipeline: the tool, the raw arguments the client sent, and the call context.
 * Immutable.
 *
 * @param tool the tool called
 * @param arguments the arguments as sent (never null)
 * @param context who called, the request id, and channels back to the client
 */
public record ToolInvocation(Tool<?, ?> tool, Map<String, Object> arguments, CallContext context) {

    public ToolInvocation {
        Objects.requireNonNull(tool, "tool");
        arguments = arguments == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(arguments));
        Objects.requireNonNull(context, "context");
    }

    public String toolName() {
        return tool.name();
    }
}
