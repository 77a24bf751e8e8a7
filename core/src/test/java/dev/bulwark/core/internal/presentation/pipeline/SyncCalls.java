package dev.bulwark.core.internal.presentation.pipeline;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one interceptor as the tests see it: with a chain that returns its result (or throws), and waiting for the
 * call's outcome, whose failure is thrown as it was raised.
 */
final class SyncCalls {

    private SyncCalls() {}

    /** The rest of a chain as a test writes it: it returns the result, or throws. */
    @FunctionalInterface
    interface SyncChain {
        CallToolResult proceed(ToolInvocation invocation);
    }

    static CallToolResult run(ToolInterceptor interceptor, ToolInvocation invocation, SyncChain next) {
        ToolCallChain chain = chain(next);
        return CallOutcomes.join(CallOutcomes.proceed(call -> interceptor.intercept(call, chain), invocation));
    }

    static ToolCallChain chain(SyncChain next) {
        return invocation -> CompletableFuture.completedFuture(next.proceed(invocation));
    }
}
