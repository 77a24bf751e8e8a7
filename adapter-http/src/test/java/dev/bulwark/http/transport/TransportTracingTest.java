package dev.bulwark.http.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.ArgumentsCheckingMapper;
import dev.bulwark.http.edge.CallerContext;
import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The requests the MCP SDK answers itself ({@code initialize}, {@code ping}, the lists) get a server span from the
 * transport, named and attributed as the core's request spans, under the client's trace; the requests the core
 * traces itself get none here.
 */
class TransportTracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String HEADER_PARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
    private static final String META_TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String META_PARENT = "00-" + META_TRACE_ID + "-b7ad6b7169203331-01";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private final CallerContext caller = new CallerContext(Principal.of("tester", "tools:read"));
    private HandlerServer http;
    private AutoCloseable mcp;

    @AfterEach
    void stop() throws Exception {
        if (mcp != null) {
            mcp.close();
        }
        if (http != null) {
            http.close();
        }
        openTelemetry.close();
    }

    @Test
    void inASessionInitializePingAndListsAreServerSpansUnderTheClientsTraceAndToolCallsAreNot() {
        JettyStreamableTransportProvider transport = JettyStreamableTransportProvider
                .builder(new InboundMessageMapper(new ArgumentsCheckingMapper()), caller)
                .openTelemetry(openTelemetry)
                .build();
        McpSyncServer server = McpServer.sync(transport).serverInfo("t", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(McpServerFeatures.SyncToolSpecification.builder().tool(echo())
                        .callHandler((exchange, request) -> text()).build())
                .build();
        mcp = server::close;
        http = new HandlerServer(transport);

        HttpResponse<String> initialized = http.send(http.post(INITIALIZE).header("traceparent", HEADER_PARENT).build());
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        http.send(http.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .header("Mcp-Session-Id", session).build());
        http.send(http.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{\"_meta\":"
                + "{\"traceparent\":\"" + META_PARENT + "\"}}}").header("Mcp-Session-Id", session)
                .header("traceparent", HEADER_PARENT).build());
        http.send(http.post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}").header("Mcp-Session-Id", session)
                .build());
        http.send(http.post("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{}}}").header("Mcp-Session-Id", session).build());
        http.send(http.post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"prompts/list\"}")
                .header("Mcp-Session-Id", session).build());

        Map<String, SpanData> byName = finishedSpans(4); // a span ends just after its answer is written
        assertThat(byName).containsOnlyKeys("initialize", "tools/list", "ping", "prompts/list");
        for (SpanData span : byName.values()) {
            assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(attribute(span, "mcp.method.name")).isEqualTo(span.getName());
            assertThat(attribute(span, "mcp.session.id")).isEqualTo(session);
        }
        assertThat(byName.get("initialize").getTraceId()).as("initialize continues the headers' trace")
                .isEqualTo(TRACE_ID);
        assertThat(byName.get("initialize").getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(byName.get("initialize").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(byName.get("tools/list").getTraceId()).as("_meta comes before the headers")
                .isEqualTo(META_TRACE_ID);
        assertThat(byName.get("ping").getParentSpanContext().isValid()).as("ping: no trace to continue").isFalse();
        assertThat(attribute(byName.get("tools/list"), "jsonrpc.request.id")).isEqualTo("2");
        assertThat(attribute(byName.get("ping"), "jsonrpc.request.id")).isEqualTo("3");
        SpanData prompts = byName.get("prompts/list");
        assertThat(prompts.getStatus().getStatusCode()).as("prompts are not offered: an error answer")
                .isEqualTo(StatusCode.ERROR);
        assertThat(attribute(prompts, "error.type")).isEqualTo("-32601");
        assertThat(attribute(prompts, "rpc.response.status_code")).isEqualTo("-32601");
    }

    @Test
    void withoutSessionsPingIsAServerSpanWithoutASessionId() {
        JettyStatelessTransport transport = new JettyStatelessTransport(
                InboundMessageMapper.withoutResponses(new ArgumentsCheckingMapper()), caller, 64 * 1024,
                openTelemetry);
        McpStatelessSyncServer server = McpServer.sync(transport).serverInfo("t", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(new McpStatelessServerFeatures.SyncToolSpecification(echo(), (context, request) -> text()))
                .build();
        mcp = server::close;
        http = new HandlerServer(transport);

        http.send(http.post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}").header("traceparent", HEADER_PARENT)
                .build());
        http.send(http.post("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{}}}").build());

        Map<String, SpanData> byName = finishedSpans(1);
        assertThat(byName).containsOnlyKeys("ping");
        assertThat(byName.get("ping").getTraceId()).isEqualTo(TRACE_ID);
        assertThat(attribute(byName.get("ping"), "mcp.session.id")).isNull();
        assertThat(attribute(byName.get("ping"), "jsonrpc.request.id")).isEqualTo("3");
    }

    /** The finished spans by name, once there are {@code count} of them (polled, 20 s at most). */
    private Map<String, SpanData> finishedSpans(int count) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (spans.getFinishedSpanItems().size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).as("spans: %s", finished).hasSize(count);
        return finished.stream().collect(java.util.stream.Collectors.toMap(SpanData::getName, span -> span));
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    private static McpSchema.Tool echo() {
        return McpSchema.Tool.builder("echo", Map.of("type", "object")).description("echo").build();
    }

    private static McpSchema.CallToolResult text() {
        return McpSchema.CallToolResult.builder().content(List.of(McpSchema.TextContent.builder("echo").build()))
                .isError(false).build();
    }
}
