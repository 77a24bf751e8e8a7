package dev.bulwark.core.internal.presentation.pipeline;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.concurrent.CompletableFuture;
import org.slf4j.MDC;

/**
 * Puts the call's request id, tool and principal into the logging MDC for the duration of the call.
 */
final class RequestContextInterceptor implements ToolInterceptor {

    public static final String REQUEST_ID = "request_id";
    public static final String TOOL = "tool";
    public static final String PRINCIPAL = "principal";

    @Override
    public CompletableFuture<CallToolResult> intercept(ToolInvocation invocation, ToolCallChain next) {
        // each key's own value is kept and given back: no copy of the thread's whole MDC
        String previousRequestId = MDC.get(REQUEST_ID);
        String previousTool = MDC.get(TOOL);
        String previousPrincipal = MDC.get(PRINCIPAL);
        MDC.put(REQUEST_ID, invocation.context().requestId());
        MDC.put(TOOL, invocation.toolName());
        MDC.put(PRINCIPAL, invocation.context().principal().subject());
        try {
            return next.proceed(invocation);
        } finally {
            CallScope.put(REQUEST_ID, previousRequestId);
            CallScope.put(TOOL, previousTool);
            CallScope.put(PRINCIPAL, previousPrincipal);
        }
    }
}
