package dev.bulwark.core.internal.presentation.tasks;

import dev.bulwark.core.Tool;
import dev.bulwark.ports.origin.RequestOrigin;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;
import java.util.Optional;

/**
 * Decides when a task is created whether its caller may start it, so that a refused call creates no task and is
 * answered at once, as the same call without a task would be. What it admits is charged there, once for the task:
 * the task's runs (its first, and those after {@code tasks/update}) are {@link RequestOrigin#taskRun()} and are
 * not charged again. Implementations are thread-safe.
 */
@FunctionalInterface
public interface TaskAdmission {

    /** Admits every task. */
    TaskAdmission ALL = (tool, origin, meta) -> Optional.empty();

    /**
     * The result refusing {@code tool}'s call by {@code origin}'s caller, or empty when its task may be created (its
     * charge taken).
     *
     * @param meta the call's {@code _meta}, where the client may have named its request id
     */
    Optional<CallToolResult> refusal(Tool<?, ?> tool, RequestOrigin origin, Map<String, Object> meta);
}
