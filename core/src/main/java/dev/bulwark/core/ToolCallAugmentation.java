package dev.bulwark.core;

import java.util.Map;

/**
 * How an {@link Extension} answers a {@code tools/call} it takes from a client that declared the extension, in place
 * of the plain call: the Tasks extension answers a task-supporting tool's call with the task it starts. Implementations
 * are thread-safe.
 */
public interface ToolCallAugmentation {

    /**
     * Whether the extension answers this call of {@code tool}; otherwise the call runs plainly.
     *
     * @param params the call's params as the client sent them, {@code _meta} included
     */
    boolean augments(Tool<?, ?> tool, Map<String, Object> params);

    /**
     * Whether {@code tool} is called only through the extension: a client that did not declare the extension is then
     * refused with {@code -32021}. No tool by default.
     */
    default boolean requiredBy(Tool<?, ?> tool) {
        return false;
    }

    /**
     * The answer to a call this augmentation {@link #augments}, once the caller is known to hold the tool's scopes, the
     * tool's {@link Tool#inputBeforeTask} is answered and the tool's rate limit is charged. The tool's handler does not
     * run for it; work the answer starts runs the call itself.
     *
     * @param params the call's params as the client sent them, {@code _meta} included
     * @param context the caller and the request's origin; it reports no progress
     * @return the result object, such as {@code {resultType: "task", taskId: ...}}; a result without a
     *     {@code resultType} is completed as a tool call's result
     * @throws InvalidArgumentsException for params that do not fit, answered {@code -32602}; anything else is an
     *     internal error that says nothing about itself
     */
    Map<String, Object> answer(Tool<?, ?> tool, Map<String, Object> params, ExtensionContext context) throws Exception;
}
