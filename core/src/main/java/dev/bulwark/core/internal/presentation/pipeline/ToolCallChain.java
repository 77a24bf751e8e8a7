package dev.bulwark.core.internal.presentation.pipeline;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.concurrent.CompletableFuture;

/** The rest of the pipeline after one interceptor: call it to let the call go on; it returns the call's outcome. */
@FunctionalInterface
interface ToolCallChain {

    CompletableFuture<CallToolResult> proceed(ToolInvocation invocation);
}
