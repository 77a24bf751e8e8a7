package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolException;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.KeyValuePair;

/**
 * The spans of MCP requests served by a {@link Bulwark} given an OpenTelemetry SDK, read from the SDK's in-memory
 * exporter: their names, kinds, attributes and parents, the client's trace continued from {@code _meta} or from the
 * transport's headers, and the trace ids in the handler's MDC and in the audit line.
 */
class TracingTest {

    record EchoInput(
            @ToolParam(description = "Text to echo") String text) {}

    record Echo(String text) {}

    private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private final AtomicReference<String> traceIdInMdc = new AtomicReference<>();
    private final Logger audit = (Logger) LoggerFactory.getLogger("dev.bulwark.audit");
    private final ListAppender<ILoggingEvent> auditLines = new ListAppender<>();
    private Level auditLevel;
    private Bulwark bulwark;
    private McpSyncServer server;
    private McpSyncClient client;

    @BeforeEach
    void captureAudit() {
        auditLevel = audit.getLevel();
        audit.setLevel(Level.INFO);
        auditLines.start();
        audit.addAppender(auditLines);
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (bulwark != null) {
            bulwark.close();
        }
        openTelemetry.close();
        audit.detachAppender(auditLines);
        audit.setLevel(auditLevel);
    }

    private void serve(McpTransportContext transportContext) {
        Tool<EchoInput, Echo> echo = Tool.builder("echo", EchoInput.class, Echo.class)
                .description("Echoes its text")
                .cache(CachePolicy.shared(Duration.ofMinutes(1)))
                .handler((input, context) -> {
                    traceIdInMdc.set(MDC.get("trace_id"));
                    // An outbound call of the handler, as an adapter would trace it, on the tool executor's thread.
                    openTelemetry
                            .getTracer("test")
                            .spanBuilder("outbound")
                            .setSpanKind(SpanKind.CLIENT)
                            .startSpan()
                            .end();
                    if (input.text().equals("fail")) {
                        throw new ToolException("echo refused to fail");
                    }
                    return ToolResult.of(new Echo(input.text()), input.text());
                })
                .build();
        bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .tool(echo)
                .openTelemetry(openTelemetry)
                .build();
        InMemoryTransport transport = new InMemoryTransport(bulwark.jsonMapper(), transportContext);
        server = bulwark.serve(transport, Principal.of("operator", Principal.ALL_SCOPES));
        client = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(60))
                .build();
        client.initialize();
    }

    private CallToolResult call(String text, Map<String, Object> meta) {
        return client.callTool(CallToolRequest.builder()
                .name("echo")
                .arguments(Map.of("text", text))
                .meta(meta)
                .build());
    }

    private SpanData named(String name) {
        List<SpanData> found = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(name))
                .toList();
        assertThat(found)
                .as("spans named %s among %s", name, spans.getFinishedSpanItems())
                .hasSize(1);
        return found.get(0);
    }

    /** The server span ends after the answer is on its way: wait for it rather than for a time. */
    private void awaitSpan(String name) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (spans.getFinishedSpanItems().stream().noneMatch(s -> s.getName().equals(name))) {
            assertThat(Instant.now()).as("span %s finished", name).isBefore(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void aToolCallIsAServerSpanUnderTheClientsTraceWithTheToolCallAndItsStepsBelow() throws Exception {
        serve(McpTransportContext.EMPTY);

        CallToolResult result = call("hello", Map.of("traceparent", TRACEPARENT));
        awaitSpan("tools/call echo");

        assertThat(result.isError()).isFalse();
        SpanData request = named("tools/call echo");
        assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(request.getTraceId()).isEqualTo(CLIENT_TRACE);
        assertThat(request.getParentSpanId()).isEqualTo(CLIENT_SPAN);
        assertThat(request.getAttributes().get(AttributeKey.stringKey("mcp.method.name")))
                .isEqualTo("tools/call");
        assertThat(request.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name")))
                .isEqualTo("echo");
        assertThat(request.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name")))
                .isEqualTo("execute_tool");
        assertThat(request.getAttributes().get(AttributeKey.stringKey("mcp.session.id")))
                .isNotBlank();
        assertThat(request.getAttributes().get(AttributeKey.stringKey("jsonrpc.request.id")))
                .as("the id the client gave the request")
                .isNotBlank();
        assertThat(request.getAttributes().get(AttributeKey.stringKey("error.type")))
                .isNull();
        assertThat(request.getAttributes().get(AttributeKey.stringKey("bulwark.protocol_era")))
                .isEqualTo("2025-11-25");

        SpanData tool = named("execute_tool echo");
        assertThat(tool.getKind()).isEqualTo(SpanKind.INTERNAL);
        assertThat(tool.getParentSpanId()).isEqualTo(request.getSpanId());
        assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name")))
                .isEqualTo("echo");
        for (String step : List.of("bulwark.rate_limit", "bulwark.validation", "bulwark.cache.lookup", "outbound")) {
            SpanData child = named(step);
            assertThat(child.getTraceId()).as(step).isEqualTo(CLIENT_TRACE);
            assertThat(child.getParentSpanId()).as(step).isEqualTo(tool.getSpanId());
        }
        assertThat(named("bulwark.cache.lookup").getAttributes().get(AttributeKey.stringKey("bulwark.cache.result")))
                .isEqualTo("miss");
        assertThat(traceIdInMdc.get()).isEqualTo(CLIENT_TRACE);
    }

    @Test
    void aRequestOfThe2026EraIsTracedWithItsProtocolVersionAndId() throws Exception {
        serve(McpTransportContext.EMPTY);
        String meta = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{},\"traceparent\":\"" + TRACEPARENT + "\"}";
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":\"r-26\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                        + "\"arguments\":{\"text\":\"hi\"},\"_meta\":" + meta + "}}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers =
                Map.of("mcp-protocol-version", "2026-07-28", "mcp-method", "tools/call", "mcp-name", "echo");

        bulwark.era2026()
                .serve(
                        ParsedEra2026Requests.overHttp(body, headers, RequestOrigin.of(Principal.of("alice", "*"))),
                        notification -> {})
                .get(30, TimeUnit.SECONDS);
        awaitSpan("tools/call echo");

        SpanData request = named("tools/call echo");
        assertThat(spans.getFinishedSpanItems())
                .filteredOn(span -> span.getName().equals("tools/call"))
                .as("the feature request gets one span, the handlers'")
                .isEmpty();
        assertThat(request.getTraceId()).isEqualTo(CLIENT_TRACE);
        assertThat(request.getAttributes().get(AttributeKey.stringKey("mcp.protocol.version")))
                .isEqualTo("2026-07-28");
        assertThat(request.getAttributes().get(AttributeKey.stringKey("bulwark.protocol_era")))
                .isEqualTo("2026-07-28");
        assertThat(request.getAttributes().get(AttributeKey.stringKey("jsonrpc.request.id")))
                .isEqualTo("r-26");
        assertThat(request.getAttributes().get(AttributeKey.stringKey("mcp.session.id")))
                .isNull();
    }

    @Test
    void aRequestOfThe2026EraThatTheSdkAnswersIsAServerSpanToo() throws Exception {
        serve(McpTransportContext.EMPTY);
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\",\"params\":{\"_meta\":"
                        + "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                        + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}")
                .getBytes(StandardCharsets.UTF_8);

        bulwark.era2026()
                .serve(
                        ParsedEra2026Requests.overHttp(
                                body,
                                Map.of(
                                        "mcp-protocol-version",
                                        "2026-07-28",
                                        "mcp-method",
                                        "tools/list",
                                        "traceparent",
                                        TRACEPARENT),
                                RequestOrigin.of(Principal.of("alice", "*"))),
                        notification -> {})
                .get(30, TimeUnit.SECONDS);
        awaitSpan("tools/list");

        SpanData list = named("tools/list");
        assertThat(list.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(list.getTraceId()).as("continued from the headers").isEqualTo(CLIENT_TRACE);
        assertThat(list.getAttributes().get(AttributeKey.stringKey("mcp.method.name")))
                .isEqualTo("tools/list");
        assertThat(list.getAttributes().get(AttributeKey.stringKey("jsonrpc.request.id")))
                .isEqualTo("5");
        assertThat(list.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void aRequestOfThe2026EraGivenUpOnBeforeItsAnswerEndsAsFailedWithoutAResponseCode() throws Exception {
        serve(McpTransportContext.EMPTY);
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\",\"params\":{\"_meta\":"
                        + "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                        + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}")
                .getBytes(StandardCharsets.UTF_8);
        // The transport gives up on the request (its client left) just as the server answers it.
        CompletableFuture<Era2026Answer> givenUp = new CompletableFuture<>() {
            @Override
            public boolean complete(Era2026Answer value) {
                cancel(false);
                return super.complete(value);
            }
        };

        bulwark.era2026()
                .serve(
                        ParsedEra2026Requests.overHttp(
                                body,
                                Map.of("mcp-protocol-version", "2026-07-28", "mcp-method", "tools/list"),
                                RequestOrigin.of(Principal.of("alice", "*"))),
                        notification -> {},
                        givenUp);
        awaitSpan("tools/list");

        SpanData list = named("tools/list");
        assertThat(givenUp).isCancelled();
        assertThat(list.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(list.getAttributes().get(AttributeKey.stringKey("error.type")))
                .isEqualTo(CancellationException.class.getName());
        assertThat(list.getAttributes().get(AttributeKey.stringKey("rpc.response.status_code")))
                .as("no answer was sent, so none is recorded")
                .isNull();
    }

    @Test
    void theAuditLineCarriesTheToolCallsTraceAndSpanIds() throws Exception {
        serve(McpTransportContext.EMPTY);

        call("hello", Map.of("traceparent", TRACEPARENT));
        awaitSpan("tools/call echo");

        SpanData tool = named("execute_tool echo");
        assertThat(auditLines.list).hasSize(1);
        Map<String, Object> fields = new java.util.HashMap<>();
        for (KeyValuePair pair : auditLines.list.get(0).getKeyValuePairs()) {
            fields.put(pair.key, pair.value);
        }
        assertThat(fields).containsEntry("trace_id", CLIENT_TRACE).containsEntry("span_id", tool.getSpanId());
    }

    @Test
    void withoutMetaTheTraceContinuesFromTheTransportHeaders() throws Exception {
        serve(McpTransportContext.create(RequestOrigin.builder(ProtocolEra.SESSIONS_2025_11_25)
                .traceContext(Map.of("traceparent", TRACEPARENT))
                .build()
                .asContext()));

        call("hello", null);
        awaitSpan("tools/call echo");

        SpanData request = named("tools/call echo");
        assertThat(request.getTraceId()).isEqualTo(CLIENT_TRACE);
        assertThat(request.getParentSpanId()).isEqualTo(CLIENT_SPAN);
    }

    @Test
    void metaWinsOverTheTransportHeaders() throws Exception {
        String headerParent = "00-11111111111111111111111111111111-2222222222222222-01";
        serve(McpTransportContext.create(RequestOrigin.builder(ProtocolEra.SESSIONS_2025_11_25)
                .traceContext(Map.of("traceparent", headerParent))
                .build()
                .asContext()));

        call("hello", Map.of("traceparent", TRACEPARENT));
        awaitSpan("tools/call echo");

        assertThat(named("tools/call echo").getTraceId()).isEqualTo(CLIENT_TRACE);
    }

    @Test
    void withoutAParentTheRequestStartsANewTrace() throws Exception {
        serve(McpTransportContext.EMPTY);

        call("hello", null);
        awaitSpan("tools/call echo");

        SpanData request = named("tools/call echo");
        assertThat(request.getParentSpanContext().isValid()).isFalse();
        assertThat(named("execute_tool echo").getTraceId()).isEqualTo(request.getTraceId());
    }

    @Test
    void aFailedToolCallMarksBothSpansWithItsErrorType() throws Exception {
        serve(McpTransportContext.EMPTY);

        CallToolResult result = call("fail", Map.of("traceparent", TRACEPARENT));
        awaitSpan("tools/call echo");

        assertThat(result.isError()).isTrue();
        SpanData request = named("tools/call echo");
        assertThat(request.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(request.getAttributes().get(AttributeKey.stringKey("error.type")))
                .isEqualTo("tool_error");
        SpanData tool = named("execute_tool echo");
        assertThat(tool.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(tool.getAttributes().get(AttributeKey.stringKey("error.type")))
                .isNotBlank()
                .isNotEqualTo("none");
    }

    @Test
    void invalidArgumentsEndInAFailedValidationSpanAndNoHandlerRuns() throws Exception {
        serve(McpTransportContext.EMPTY);

        CallToolResult result = client.callTool(CallToolRequest.builder()
                .name("echo")
                .arguments(Map.of("text", 42))
                .build());
        awaitSpan("tools/call echo");

        assertThat(result.isError()).isTrue();
        assertThat(named("bulwark.validation").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(spans.getFinishedSpanItems()).noneMatch(s -> s.getName().equals("outbound"));
    }
}
