package dev.bulwark.core.internal.presentation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TracingInterceptorTest {

    private static final SpanContext EMBEDDER = SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());

    private final TracingInterceptor noop =
            new TracingInterceptor(OpenTelemetry.noop().getTracer("dev.bulwark.core"));
    private final CallToolResult done = CallToolResult.builder()
            .content(List.of(TextContent.builder("done").build()))
            .isError(false)
            .build();

    @Test
    void withTheNoopTracerAndNoTraceTheCallProceedsWithTheMdcLeftAlone() {
        AtomicReference<String> traceIdSeen = new AtomicReference<>("unset");

        CallToolResult result =
                SyncCalls.run(noop, TestTools.invocation(TestTools.echo(), TestTools.echoArgs("hi")), invocation -> {
                    traceIdSeen.set(MDC.get(TracingInterceptor.TRACE_ID));
                    return done;
                });

        assertThat(result).isSameAs(done);
        assertThat(traceIdSeen.get()).isNull();
    }

    @Test
    void withTheNoopTracerAnEmbeddersSpanStillNamesTheCallsLogLines() {
        AtomicReference<String> traceIdSeen = new AtomicReference<>();

        try (Scope ignored = Span.wrap(EMBEDDER).makeCurrent()) {
            SyncCalls.run(noop, TestTools.invocation(TestTools.echo(), TestTools.echoArgs("hi")), invocation -> {
                traceIdSeen.set(MDC.get(TracingInterceptor.TRACE_ID));
                return done;
            });
        }

        assertThat(traceIdSeen.get()).isEqualTo(EMBEDDER.getTraceId());
        assertThat(MDC.get(TracingInterceptor.TRACE_ID)).isNull();
    }
}
