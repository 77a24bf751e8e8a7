package dev.bulwark.core.internal.presentation.pipeline;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Objects;

/**
 * The ordered chain of interceptors around every tool handler. The standard order, outermost first, is:
 *
 * <pre>{@code
 * Tracing -> RequestContext -> ErrorMapping -> CallLog -> Audit -> Metrics -> Authorization -> RateLimit
 *     -> Validation -> Caching -> Resilience(serverBulkhead, toolBulkhead, timeout) -> handler
 * }</pre>
 *
 * so every call is one span with its ids and request id in the MDC, every failure becomes a safe error result, log, audit log and metrics
 * see how each call ended (refused calls included), nothing runs for an unauthorized or rate-limited caller, invalid
 * input is refused before the cache or handler see it, a cache hit costs no concurrency slot, and the handler runs
 * bounded. See {@link StandardPipeline} for the assembly. Thread-safe if its interceptors are.
 */
public final class ToolPipeline {

    private final List<ToolInterceptor> interceptors;
    private final ToolCallChain chain;

    public ToolPipeline(List<ToolInterceptor> interceptors, ToolCallChain terminal) {
        this.interceptors = List.copyOf(interceptors);
        this.chain = link(this.interceptors, Objects.requireNonNull(terminal, "terminal"));
    }

    /** Runs one call through every interceptor and the handler. */
    public CallToolResult execute(ToolInvocation invocation) {
        return chain.proceed(invocation);
    }

    /** Links the chain once, innermost first, so a call allocates no links of its own. */
    private static ToolCallChain link(List<ToolInterceptor> interceptors, ToolCallChain terminal) {
        ToolCallChain chain = terminal;
        for (int i = interceptors.size() - 1; i >= 0; i--) {
            ToolInterceptor current = interceptors.get(i);
            ToolCallChain rest = chain;
            chain = invocation -> current.intercept(invocation, rest);
        }
        return chain;
    }

    public List<ToolInterceptor> interceptors() {
        return interceptors;
    }
}
