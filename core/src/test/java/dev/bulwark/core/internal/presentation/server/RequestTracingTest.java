package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTracingTest {

    private static final SpanContext EMBEDDER = SpanContext.create("0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
    private static final Map<String, Object> CLIENT_TRACE =
            Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    @Test
    void withTheNoopOpenTelemetryARequestRunsInItsCallersContextAndIgnoresTheClientsTrace() {
        try (Scope ignored = Span.wrap(EMBEDDER).makeCurrent()) {
            SpanContext seen = RequestTracing.OFF.traced(RequestTracing.Target.toolCall("echo"), CLIENT_TRACE, null,
                    null, () -> Span.current().getSpanContext());

            assertThat(seen).isEqualTo(EMBEDDER);
        }
    }

    @Test
    void withTheNoopOpenTelemetryTheWorksResultAndFailureComeBackAsTheyAre() {
        assertThat(RequestTracing.OFF.traced(RequestTracing.Target.completion(), null, null, null, () -> "done"))
                .isEqualTo("done");
        IllegalStateException failure = new IllegalStateException("boom");
        assertThatThrownBy(() -> RequestTracing.OFF.traced(RequestTracing.Target.completion(), null, null, null,
                () -> {
                    throw failure;
                })).isSameAs(failure);
    }
}
