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
     * Whether the answer to a call of {@code tool} accepts the call and starts its run later, through
     * {@link ExtensionContext#acceptedCall()}: the answer is then only scoped and charged, and the run it starts is
     * audited, counted and bounded as the call. False by default: the answer is the call.
     */
    default boolean startsTheRunLater(Tool<?, ?> tool) {
        return false;
    }

    /**
     * The answer to a call this augmentation {@link #augments}, in place of the tool's handler. It runs through the
     * pipeline as the call would: with the tool's scopes, rate limit, timeout and concurrency limit, audited and
     * counted under the tool's name; a refusal there is the call's refusal result. When the augmentation
     * {@link #startsTheRunLater starts the run later}, the answer is only scoped and charged.
     *
     * @param params the call's params as the client sent them, {@code _meta} included
     * @param context the caller, the request id and the request's origin
     * @return the result object, such as {@code {resultType: "task", taskId: ...}}; one without a {@code resultType}
     *     is completed as a tool call's result
     */
    Map<String, Object> answer(Tool<?, ?> tool, Map<String, Object> params, ExtensionContext context) throws Exception;
}
