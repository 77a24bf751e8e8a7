package dev.bulwark.core.internal.presentation.pipeline;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.concurrent.CompletableFuture;

/**
 * One step of the tool pipeline. Implementations must be thread-safe: one instance serves every call.
 */
@FunctionalInterface
interface ToolInterceptor {

    CompletableFuture<CallToolResult> intercept(ToolInvocation invocation, ToolCallChain next);
}
