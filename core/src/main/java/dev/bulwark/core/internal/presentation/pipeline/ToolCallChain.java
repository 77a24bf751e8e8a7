package dev.bulwark.core.internal.presentation.pipeline;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/** The rest of the pipeline after one interceptor: call it to let the call go on. */
@FunctionalInterface
public interface ToolCallChain {

    CallToolResult proceed(ToolInvocation invocation);
}
