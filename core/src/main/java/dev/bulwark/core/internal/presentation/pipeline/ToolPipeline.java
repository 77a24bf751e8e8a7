package dev.bulwark.core.internal.presentation.pipeline;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The ordered chain of interceptors around every tool handler. Thread-safe if its interceptors are.
 */
public final class ToolPipeline {

    private final List<ToolInterceptor> interceptors;
    private final ToolCallChain chain;

    public ToolPipeline(List<ToolInterceptor> interceptors, ToolCallChain terminal) {
        this.interceptors = List.copyOf(interceptors);
        this.chain = link(this.interceptors, Objects.requireNonNull(terminal, "terminal"));
    }

    /**
     * Runs one call through every interceptor and returns its outcome, which may still be pending. With a
     * {@link DeferredHandler} in the invocation, an isolated handler is held there for the caller to run next.
     */
    public CompletableFuture<CallToolResult> executeAsync(ToolInvocation invocation) {
        return chain.proceed(invocation);
    }

    /** Runs one call through every interceptor and the handler, and waits for its result (an isolated handler runs on the tool executor). */
    public CallToolResult execute(ToolInvocation invocation) {
        return CallOutcomes.join(executeAsync(invocation.withDeferredHandler(null)));
    }

    /**
     * Links the chain once, innermost first, so a call allocates no links of its own. What a step throws becomes the
     * call's failed outcome, so the steps outside it see every failure the same way.
     */
    private static ToolCallChain link(List<ToolInterceptor> interceptors, ToolCallChain terminal) {
        ToolCallChain chain = caught(terminal);
        for (int i = interceptors.size() - 1; i >= 0; i--) {
            ToolInterceptor current = interceptors.get(i);
            ToolCallChain rest = chain;
            chain = caught(invocation -> current.intercept(invocation, rest));
        }
        return chain;
    }

    private static ToolCallChain caught(ToolCallChain step) {
        return invocation -> {
            try {
                return step.proceed(invocation);
            } catch (RuntimeException | Error failure) {
                return CompletableFuture.failedFuture(failure);
            }
        };
    }

    public List<ToolInterceptor> interceptors() {
        return interceptors;
    }
}
