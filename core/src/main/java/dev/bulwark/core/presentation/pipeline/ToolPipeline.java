package dev.bulwark.core.presentation.pipeline;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Objects;

/**
 * The ordered chain of interceptors around every tool handler. The standard order, outermost first, is:
 *
 * <pre>{@code
 * RequestContext -> ErrorMapping -> CallLog -> Audit -> Metrics -> Authorization -> RateLimit
 *     -> Validation -> Caching -> Resilience(serverBulkhead, toolBulkhead, timeout) -> handler
 * }</pre>
 *
 * so every call has its request id in the MDC, every failure becomes a safe error result, log, audit log and metrics
 * see how each call ended (refused calls included), nothing runs for an unauthorized or rate-limited caller, invalid
 * input is refused before the cache or handler see it, a cache hit costs no concurrency slot, and the handler runs
 * bounded. See {@link StandardPipeline} for the assembly. Thread-safe if its interceptors are.
 */
public final class ToolPipeline {

    private final List<ToolInterceptor> interceptors;
    private final ToolCallChain terminal;

    public ToolPipeline(List<ToolInterceptor> interceptors, ToolCallChain terminal) {
        this.interceptors = List.copyOf(interceptors);
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    /** Runs one call through every interceptor and the handler. */
    public CallToolResult execute(ToolInvocation invocation) {
        return chainFrom(0).proceed(invocation);
    }

    private ToolCallChain chainFrom(int index) {
        if (index == interceptors.size()) {
            return terminal;
        }
        ToolInterceptor current = interceptors.get(index);
        ToolCallChain rest = chainFrom(index + 1);
        return invocation -> current.intercept(invocation, rest);
    }

    public List<ToolInterceptor> interceptors() {
        return interceptors;
    }
}
