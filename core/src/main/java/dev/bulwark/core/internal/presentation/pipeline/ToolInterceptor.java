package dev.bulwark.core.internal.presentation.pipeline;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.concurrent.CompletableFuture;

/**
 * One step of the tool pipeline. It may act before the rest of the chain, after it (on the outcome the chain
 * returns, which may complete later on another thread: an isolated handler's, or the timer's at the call's
 * deadline), answer without calling it (a cache hit), or end the call by throwing a
 * {@link dev.bulwark.core.BulwarkException} (the chain turns what it throws into a failed outcome). A step that acts
 * after the chain attaches to the outcome ({@code whenComplete}, {@code handle}) rather than waiting for it, and reads
 * a failure with {@link CallOutcomes#causeOf}. Implementations must be thread-safe: one instance serves every call.
 */
@FunctionalInterface
interface ToolInterceptor {

    CompletableFuture<CallToolResult> intercept(ToolInvocation invocation, ToolCallChain next);
}
