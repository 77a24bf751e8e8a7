package dev.bulwark.promises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.serve.BulwarkHttp;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client calls a tool, gets a prompt and reads a resource through the gateway with its own {@code traceparent}; the
 * upstream's span of each request continues the client's trace, with the gateway's span of the call as its parent.
 */
class GatewayTracingTest {

    private static final String READER_KEY = "reader-key-0123456789abcdef";
    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    private final InMemorySpanExporter gatewaySpans = InMemorySpanExporter.create();
    private final InMemorySpanExporter upstreamSpans = InMemorySpanExporter.create();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private OpenTelemetry tracing(InMemorySpanExporter spans) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans))
                .build();
        opened.add(provider);
        return OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }

    /** A client of a gateway whose tracing is {@code gatewayTracing}, in front of an upstream that traces. */
    private McpSyncClient clientOfGateway(OpenTelemetry gatewayTracing) {
        GatewayStage stage = new GatewayStage(gatewayTracing, tracing(upstreamSpans));
        opened.add(stage);
        Bulwark gateway = Bulwark.builder(BulwarkConfig.defaults())
                .openTelemetry(gatewayTracing)
                .pack(stage.pack())
                .build();
        opened.add(gateway);
        BulwarkHttp http = BulwarkHttp.builder(gateway)
                .port(0)
                .managementPort(0)
                .apiKeys(new ApiKeys(List.of(new ApiKey("reader", Set.of("promise:read"), ApiKeys.hashOf(READER_KEY)))))
                .start();
        opened.add(http);
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                        "http://127.0.0.1:" + http.port())
                .endpoint("/mcp")
                .httpRequestCustomizer((request, method, uri, body, context) -> request.header("X-API-Key", READER_KEY))
                .build();
        McpSyncClient client =
                McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
        opened.add(client::closeGracefully);
        client.initialize();
        return client;
    }

    private static Map<String, Object> callerMeta() {
        return Map.of("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01");
    }

    private static void useEach(McpSyncClient client) {
        client.callTool(new McpSchema.CallToolRequest("mcp_echo", Map.of("text", "hello"), callerMeta()));
        client.getPrompt(new McpSchema.GetPromptRequest("mcp_brief", Map.of("topic", "rain"), callerMeta()));
        client.readResource(new McpSchema.ReadResourceRequest("notes://mcp/brief", callerMeta()));
    }

    private static SpanData named(InMemorySpanExporter spans, String prefix) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no span " + prefix + "..."));
    }

    private static boolean hasSpan(InMemorySpanExporter spans, String prefix) {
        return spans.getFinishedSpanItems().stream()
                .anyMatch(span -> span.getName().startsWith(prefix));
    }

    @Test
    void eachUpstreamRequestContinuesTheCallersTraceUnderTheGatewaysSpan() {
        McpSyncClient client = clientOfGateway(tracing(gatewaySpans));

        useEach(client);

        Map<String, String> gatewayParentOf = Map.of(
                "tools/call",
                "execute_tool mcp_echo",
                "prompts/get",
                "prompts/get",
                "resources/read",
                "resources/read");
        await().until(() -> gatewayParentOf.keySet().stream().allMatch(method -> hasSpan(upstreamSpans, method))
                && gatewayParentOf.values().stream().allMatch(name -> hasSpan(gatewaySpans, name)));
        gatewayParentOf.forEach((method, gatewayName) -> {
            SpanData upstream = named(upstreamSpans, method);
            SpanData gateway = named(gatewaySpans, gatewayName);
            assertThat(gateway.getTraceId())
                    .as("the gateway continues the caller's trace")
                    .isEqualTo(CALLER_TRACE);
            assertThat(upstream.getTraceId())
                    .as(method + " upstream: the caller's trace")
                    .isEqualTo(CALLER_TRACE);
            assertThat(upstream.getParentSpanId())
                    .as(method + " upstream: its parent is the gateway's span " + gateway.getName())
                    .isEqualTo(gateway.getSpanId())
                    .isNotEqualTo(CALLER_SPAN);
        });
    }

    @Test
    void withTheGatewaysTracingOffTheUpstreamStartsATraceOfItsOwn() {
        McpSyncClient client = clientOfGateway(OpenTelemetry.noop());

        useEach(client);

        await().until(() -> List.of("tools/call", "prompts/get", "resources/read").stream()
                .allMatch(method -> hasSpan(upstreamSpans, method)));
        for (String method : List.of("tools/call", "prompts/get", "resources/read")) {
            SpanData upstream = named(upstreamSpans, method);
            assertThat(upstream.getParentSpanContext().isValid())
                    .as(method + ": no parent")
                    .isFalse();
            assertThat(upstream.getTraceId()).isNotEqualTo(CALLER_TRACE);
        }
    }
}
