package dev.bulwark.core.internal.presentation.pipeline;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.MDC;

/**
 * The outermost step: one span per tool call, its ids in the logging MDC while it runs. Thread-safe.
 */
public final class TracingInterceptor implements ToolInterceptor {

    /** The MDC key of the trace id. */
    public static final String TRACE_ID = "trace_id";
    /** The MDC key of the span id. */
    public static final String SPAN_ID = "span_id";

    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    /** The no-op API gives one tracer for every name. */
    private static final Tracer NOOP_TRACER = OpenTelemetry.noop().getTracer("dev.bulwark.core");

    private final Tracer tracer;
    /** Whether it is the no-op tracer, whose span only wraps the current one: none to wrap, no span to build. */
    private final boolean noop;

    public TracingInterceptor(Tracer tracer) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.noop = isNoop(tracer);
    }

    /** Whether {@code tracer} is the no-op one, which records nothing: tracing is off. */
    static boolean isNoop(Tracer tracer) {
        return tracer == NOOP_TRACER;
    }

    @Override
    public CompletableFuture<CallToolResult> intercept(ToolInvocation invocation, ToolCallChain next) {
        if (noop && !Span.current().getSpanContext().isValid()) {
            return next.proceed(invocation); // what the no-op span below would decide, without a name or a builder
        }
        Span span = tracer.spanBuilder("execute_tool " + invocation.toolName())
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(OPERATION_NAME, "execute_tool")
                .setAttribute(TOOL_NAME, invocation.toolName())
                .startSpan();
        if (!span.getSpanContext().isValid()) {
            // the no-op tracer with no trace to continue: nothing to record, carry or log, so none of the work below
            return next.proceed(invocation);
        }
        String previousTrace = MDC.get(TRACE_ID);
        String previousSpan = MDC.get(SPAN_ID);
        CompletableFuture<CallToolResult> outcome;
        try (Scope ignored = span.makeCurrent()) {
            putIds(span.getSpanContext());
            outcome = CallOutcomes.proceed(next, invocation);
        } finally {
            restore(TRACE_ID, previousTrace);
            restore(SPAN_ID, previousSpan);
        }
        return outcome.whenComplete((result, failure) -> {
            if (failure == null) {
                String errorType = ErrorTypes.of(result);
                if (!ErrorTypes.NONE.equals(errorType)) {
                    failed(span, errorType);
                }
            } else {
                String errorType = ErrorTypes.of(CallOutcomes.causeOf(failure));
                if (ErrorTypes.isFailure(errorType)) {
                    failed(span, errorType);
                }
            }
            span.end();
        });
    }

    /** Puts the ids of {@code context} into the MDC when it is a real span (not the no-op's). */
    public static void putIds(SpanContext context) {
        if (context.isValid()) {
            MDC.put(TRACE_ID, context.getTraceId());
            MDC.put(SPAN_ID, context.getSpanId());
        }
    }

    private static void failed(Span span, String errorType) {
        span.setAttribute(ERROR_TYPE, errorType);
        span.setStatus(StatusCode.ERROR);
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
