package dev.bulwark.core.internal.presentation.pipeline;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/**
 * One step of the tool pipeline. It may act before and after the rest of the chain, answer without calling it
 * (a cache hit), or end the call by throwing a {@link dev.bulwark.core.BulwarkException}. Implementations
 * must be thread-safe: one instance serves every call.
 */
@FunctionalInterface
public interface ToolInterceptor {

    CallToolResult intercept(ToolInvocation invocation, ToolCallChain next);
}
