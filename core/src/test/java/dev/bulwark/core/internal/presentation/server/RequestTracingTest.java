package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.ports.tracing.RequestTraces.Trace;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestTracingTest {

    private static final SpanContext EMBEDDER = SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
    private static final Map<String, Object> CLIENT_TRACE =
            Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private final RequestTracing tracing = new RequestTracing(openTelemetry);

    @AfterEach
    void close() {
        openTelemetry.close();
    }

    @Test
    void anInitializeThatStartedASessionGetsTheSessionsIdOnItsSpan() {
        Trace trace = tracing.started(
                "initialize",
                1,
                null,
                null,
                Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        trace.sessionStarted("4f1c");
        trace.answered(null);

        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("initialize");
        assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(span.getTraceId()).as("the headers' trace").isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("mcp.session.id")))
                .isEqualTo("4f1c");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("jsonrpc.request.id")))
                .isEqualTo("1");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void aRequestsSpanContinuesTheTraceInItsMetaWhetherItsParamsAreAMapATreeOrTheSdksTypes() {
        Object[] shapes = {
            Map.of("_meta", CLIENT_TRACE),
            new ObjectMapper().createObjectNode().set("_meta", new ObjectMapper().valueToTree(CLIENT_TRACE)),
            new McpSchema.PaginatedRequest(null, CLIENT_TRACE)
        };
        for (Object params : shapes) {
            tracing.started("tools/list", 1, params, null, Map.of()).answered(null);
        }

        assertThat(spans.getFinishedSpanItems())
                .extracting(SpanData::getTraceId)
                .containsExactly(
                        "4bf92f3577b34da6a3ce929d0e0e4736",
                        "4bf92f3577b34da6a3ce929d0e0e4736",
                        "4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void aRequestThatGotNoAnswerIsAnErrorNamedByItsFailure() {
        tracing.started("ping", "a", null, "4f1c", Map.of()).failed(new IllegalStateException("gone"));

        SpanData span = onlySpan();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
                .isEqualTo("java.lang.IllegalStateException");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("mcp.session.id")))
                .isEqualTo("4f1c");
    }

    @Test
    void theRequestsTheFeatureHandlersServeAreLeftToThem() {
        assertThat(tracing.started("tools/call", 1, null, null, Map.of())).isSameAs(Trace.NONE);
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }

    private SpanData onlySpan() {
        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).hasSize(1);
        return finished.get(0);
    }

    @Test
    void withTheNoopOpenTelemetryARequestRunsInItsCallersContextAndIgnoresTheClientsTrace() {
        try (Scope ignored = Span.wrap(EMBEDDER).makeCurrent()) {
            SpanContext seen = RequestTracing.OFF.traced(
                    RequestTracing.Target.toolCall("echo"),
                    CLIENT_TRACE,
                    null,
                    null,
                    () -> Span.current().getSpanContext());

            assertThat(seen).isEqualTo(EMBEDDER);
        }
    }

    @Test
    void withTheNoopOpenTelemetryTheWorksResultAndFailureComeBackAsTheyAre() {
        assertThat(RequestTracing.OFF.traced(RequestTracing.Target.completion(), null, null, null, () -> "done"))
                .isEqualTo("done");
        IllegalStateException failure = new IllegalStateException("boom");
        assertThatThrownBy(() -> RequestTracing.OFF.traced(RequestTracing.Target.completion(), null, null, null, () -> {
                    throw failure;
                }))
                .isSameAs(failure);
    }
}
