package dev.bulwark.mcpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call, a prompt get and a read through the gateway carry the W3C trace context of the span they run in: in
 * {@code _meta} over stdio and Streamable HTTP, and in the headers over HTTP; the caller's trace goes on, with the
 * gateway's span as the parent.
 */
class UpstreamTraceContextTest {

    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";
    private static final String CALLER_STATE = "caller=yes";
    private static final List<String> TRACED = List.of("tools/call", "prompts/get", "resources/read");

    @TempDir
    Path dir;

    private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().build();
    private final OpenTelemetrySdk tracing = OpenTelemetrySdk.builder()
            .setTracerProvider(tracerProvider)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable each : started) {
            each.close();
        }
        tracerProvider.close();
    }

    private Path record() {
        return dir.resolve("record.txt");
    }

    private UpstreamSettings stdio() {
        List<String> command = FakeUpstream.command();
        return UpstreamSettings.builder("fake")
                .transport("stdio")
                .command(command.get(0))
                .args(command.subList(1, command.size()))
                .env(Map.of("FAKE_RECORD", record().toString()))
                .build();
    }

    private FakeHttpUpstream http() throws IOException {
        FakeHttpUpstream upstream = new FakeHttpUpstream();
        started.add(upstream);
        return upstream;
    }

    private static UpstreamSettings http(FakeHttpUpstream upstream) {
        return UpstreamSettings.builder("fake")
                .transport("http")
                .url(upstream.url())
                .build();
    }

    private McpClientUpstreams start(OpenTelemetry openTelemetry, UpstreamSettings upstream) {
        McpClientUpstreams built = McpClientUpstreams.builder()
                .upstreams(List.of(upstream))
                .environment(Map.of())
                .startTimeout(Duration.ofSeconds(60))
                .openTelemetry(openTelemetry)
                .build();
        started.add(built);
        built.start();
        return built;
    }

    /** Calls, gets and reads once each. */
    private static void useEach(McpClientUpstreams upstreams) {
        upstreams.call("fake", "echo", Map.of("text", "hello"));
        upstreams.prompt("fake", "greet", Map.of("who", "Ada"));
        upstreams.readResource("fake", "fake://readme");
    }

    /**
     * Runs {@code work} in a server span that continues the caller's trace, as the gateway's call span does; returns
     * the span's id.
     */
    private String inCallSpan(Runnable work) {
        Map<String, String> headers =
                Map.of("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01", "tracestate", CALLER_STATE);
        Context caller = W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, MAP_GETTER);
        Span span = tracing.getTracer("test")
                .spanBuilder("tools/call")
                .setSpanKind(SpanKind.SERVER)
                .setParent(caller)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            work.run();
        } finally {
            span.end();
        }
        return span.getSpanContext().getSpanId();
    }

    private static List<String> expected(String kind, String parentSpan) {
        return TRACED.stream()
                .map(method -> kind + " " + method + " traceparent=00-" + CALLER_TRACE + "-" + parentSpan
                        + "-01 tracestate=" + CALLER_STATE)
                .toList();
    }

    private static List<String> bare(String kind) {
        return TRACED.stream().map(method -> kind + " " + method).toList();
    }

    private List<String> recordedMeta() throws IOException {
        return Files.exists(record())
                ? Files.readAllLines(record(), StandardCharsets.UTF_8).stream()
                        .filter(line -> line.startsWith("meta "))
                        .toList()
                : List.of();
    }

    private void awaitRecorded(Supplier<List<String>> recorded, List<String> lines) {
        await().untilAsserted(() -> assertThat(recorded.get()).containsAll(lines));
        assertThat(recorded.get()).containsExactlyInAnyOrderElementsOf(lines);
    }

    private List<String> stdioRecord() {
        try {
            return recordedMeta();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void overStdioEachRequestCarriesTheCallSpansContextInMeta() {
        McpClientUpstreams upstreams = start(tracing, stdio());

        String callSpan = inCallSpan(() -> useEach(upstreams));

        assertThat(callSpan).isNotEqualTo(CALLER_SPAN);
        awaitRecorded(this::stdioRecord, expected("meta", callSpan));
    }

    @Test
    void overHttpEachRequestCarriesTheCallSpansContextInMetaAndHeaders() throws IOException {
        FakeHttpUpstream upstream = http();
        McpClientUpstreams upstreams = start(tracing, http(upstream));

        String callSpan = inCallSpan(() -> useEach(upstreams));

        List<String> lines = new ArrayList<>(expected("meta", callSpan));
        lines.addAll(expected("headers", callSpan));
        awaitRecorded(upstream::recorded, lines);
    }

    @Test
    void withoutASpanNothingIsAddedOverEitherTransport() throws IOException {
        FakeHttpUpstream upstream = http();
        McpClientUpstreams overHttp = start(tracing, http(upstream));
        McpClientUpstreams overStdio = start(tracing, stdio());

        useEach(overHttp);
        useEach(overStdio);

        awaitNothingAdded(upstream);
    }

    @Test
    void withTracingOffNothingIsAddedEvenInsideASpan() throws IOException {
        FakeHttpUpstream upstream = http();
        McpClientUpstreams overHttp = start(OpenTelemetry.noop(), http(upstream));
        McpClientUpstreams overStdio = start(OpenTelemetry.noop(), stdio());

        inCallSpan(() -> {
            useEach(overHttp);
            useEach(overStdio);
        });

        awaitNothingAdded(upstream);
    }

    @Test
    void theCallersBaggageIsNotPassedUpstreamThoughThePropagatorsCarryIt() throws IOException {
        OpenTelemetrySdk withBaggage = OpenTelemetrySdk.builder()
                .setTracerProvider(tracerProvider)
                .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
                        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
                .build();
        FakeHttpUpstream upstream = http();
        McpClientUpstreams overHttp = start(withBaggage, http(upstream));
        McpClientUpstreams overStdio = start(withBaggage, stdio());

        String callSpan;
        try (Scope ignored =
                Baggage.builder().put("user.email", "ada@example.com").build().makeCurrent()) {
            callSpan = inCallSpan(() -> {
                useEach(overHttp);
                useEach(overStdio);
            });
        }

        List<String> lines = new ArrayList<>(expected("meta", callSpan));
        lines.addAll(expected("headers", callSpan));
        awaitRecorded(upstream::recorded, lines);
        awaitRecorded(this::stdioRecord, expected("meta", callSpan));
    }

    /** Waits until both upstreams saw each request with no trace context, in {@code _meta} or the headers. */
    private void awaitNothingAdded(FakeHttpUpstream upstream) {
        List<String> lines = new ArrayList<>(bare("meta"));
        lines.addAll(bare("headers"));
        awaitRecorded(upstream::recorded, lines);
        awaitRecorded(this::stdioRecord, bare("meta"));
    }

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };
}
