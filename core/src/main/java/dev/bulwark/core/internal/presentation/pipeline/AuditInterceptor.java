package dev.bulwark.core.internal.presentation.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.ports.time.Ticker;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes one audit line per tool call, refused calls included, on the logger {@value #LOGGER_NAME}. Thread-safe.
 */
final class AuditInterceptor implements ToolInterceptor {

    /** The name of the audit logger. */
    public static final String LOGGER_NAME = "dev.bulwark.audit";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

    private final Ticker ticker;
    private final ObjectMapper mapper;
    private final boolean includeArguments;

    /**
     * @param ticker the monotonic clock for durations
     * @param mapper writes the arguments as JSON text
     * @param includeArguments whether each line carries the call's arguments
     */
    public AuditInterceptor(Ticker ticker, ObjectMapper mapper, boolean includeArguments) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.includeArguments = includeArguments;
    }

    @Override
    public CompletableFuture<CallToolResult> intercept(ToolInvocation invocation, ToolCallChain next) {
        long start = ticker.nanoTime();
        return CallOutcomes.proceed(next, invocation)
                .whenComplete((result, failure) -> record(
                        invocation,
                        start,
                        failure == null ? ErrorTypes.of(result) : ErrorTypes.of(CallOutcomes.causeOf(failure))));
    }

    private void record(ToolInvocation invocation, long start, String errorType) {
        long micros = (ticker.nanoTime() - start) / 1_000;
        LoggingEventBuilder event = LOG.atInfo()
                .addKeyValue("principal", invocation.context().principal().subject())
                .addKeyValue("tool", invocation.toolName())
                .addKeyValue("outcome", ErrorTypes.outcomeOf(errorType))
                .addKeyValue("error_type", errorType)
                .addKeyValue("duration_ms", micros / 1000.0)
                .addKeyValue("request_id", invocation.context().requestId())
                .addKeyValue("protocol_era", invocation.protocolEra().version());
        SpanContext trace = Span.current().getSpanContext();
        if (trace.isValid()) {
            event = event.addKeyValue(TracingInterceptor.TRACE_ID, trace.getTraceId())
                    .addKeyValue(TracingInterceptor.SPAN_ID, trace.getSpanId());
        }
        if (includeArguments) {
            event = event.addKeyValue("arguments", argumentsJson(invocation));
        }
        event.log("tool call audit");
    }

    private String argumentsJson(ToolInvocation invocation) {
        try {
            return mapper.writeValueAsString(invocation.arguments());
        } catch (JsonProcessingException e) {
            return "(arguments not serializable as JSON)";
        }
    }
}
