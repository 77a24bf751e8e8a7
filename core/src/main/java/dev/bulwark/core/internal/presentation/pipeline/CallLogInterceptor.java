package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.ports.time.Ticker;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one diagnostic line per tool call on the {@code dev.bulwark.calls} logger, at a level set by its outcome.
 */
final class CallLogInterceptor implements ToolInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger("dev.bulwark.calls");

    private final Ticker ticker;

    public CallLogInterceptor(Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    @Override
    public CompletableFuture<CallToolResult> intercept(ToolInvocation invocation, ToolCallChain next) {
        long start = ticker.nanoTime();
        return CallOutcomes.proceed(next, invocation).whenComplete((result, failure) -> {
            if (failure == null) {
                log(invocation, start, ErrorTypes.of(result), ResultMeta.get(result, ResultMeta.CACHE));
            } else {
                log(invocation, start, ErrorTypes.of(CallOutcomes.causeOf(failure)), null);
            }
        });
    }

    private void log(ToolInvocation invocation, long start, String errorType, Object cache) {
        long micros = (ticker.nanoTime() - start) / 1_000;
        boolean ok = ErrorTypes.NONE.equals(errorType);
        if ((ok || ErrorTypes.INPUT_REQUIRED.equals(errorType)) && !LOG.isDebugEnabled()) {
            return;
        }
        String outcome = ErrorTypes.outcomeOf(errorType);
        boolean cancelled = ErrorTypes.CANCELLED.equals(outcome); // the client's doing, not a failure
        boolean waiting = ErrorTypes.INPUT_REQUIRED.equals(outcome); // waits for the client's input, not a failure
        boolean callersSide = cancelled || ErrorTypes.isCallersSide(errorType);
        // A successful call at DEBUG: the audit line already records every call at INFO.
        var event = ok || waiting ? LOG.atDebug() : callersSide ? LOG.atInfo() : LOG.atWarn();
        // tool, principal and request_id are already in the MDC (RequestContextInterceptor).
        event.addKeyValue("outcome", outcome)
                .addKeyValue("error_type", errorType)
                .addKeyValue("duration_ms", micros / 1000.0);
        if (cache != null) {
            event = event.addKeyValue("cache", cache);
        }
        event.log(
                "tool call {}",
                ok
                        ? "succeeded"
                        : cancelled ? "cancelled" : waiting ? "waits for input" : callersSide ? "refused" : "failed");
    }
}
