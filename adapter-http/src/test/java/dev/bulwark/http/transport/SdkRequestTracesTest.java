package dev.bulwark.http.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import dev.bulwark.http.edge.CallerContext;
import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.testing.ArgumentsCheckingMapper;
import dev.bulwark.ports.tracing.RequestTraces;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Both HTTP transports report each request the MCP SDK answers to the {@link RequestTraces} they are given (the
 * core's, which names the spans and leaves out the requests it traces itself): its method, id, {@code _meta}, session
 * and trace headers; then how it ended, and for an {@code initialize} the session it started.
 */
class SdkRequestTracesTest {

    private static final String HEADER_PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String META_PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private final RecordingTraces traces = new RecordingTraces();
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
    }

    @Test
    void inASessionEveryRequestIsReportedWithItsSessionAndInitializeSaysWhichSessionItStarted() {
        JettyStreamableTransportProvider transport = JettyStreamableTransportProvider.builder(
                        new InboundMessageMapper(new ArgumentsCheckingMapper()), caller)
                .build();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("t", "1")
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(McpServerFeatures.SyncToolSpecification.builder()
                        .tool(echo())
                        .callHandler((exchange, request) -> text())
                        .build())
                .build();
        mcp = server::close;
        transport.traceRequestsWith(traces);
        http = new HandlerServer(transport);

        HttpResponse<String> initialized = http.send(
                http.post(INITIALIZE).header("traceparent", HEADER_PARENT).build());
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        http.send(http.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .header("Mcp-Session-Id", session)
                .build());
        http.send(http.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{\"_meta\":"
                        + "{\"traceparent\":\"" + META_PARENT + "\"}}}")
                .header("Mcp-Session-Id", session)
                .build());
        http.send(http.post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                        + "\"arguments\":{}}}")
                .header("Mcp-Session-Id", session)
                .build());
        http.send(http.post("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"prompts/list\"}")
                .header("Mcp-Session-Id", session)
                .build());

        Map<String, Reported> byMethod = traces.ended(4); // a trace ends just after its answer is written
        assertThat(byMethod).containsOnlyKeys("initialize", "tools/list", "tools/call", "prompts/list");
        Reported initialize = byMethod.get("initialize");
        assertThat(initialize.sessionId()).as("no session yet when it starts").isNull();
        assertThat(initialize.headers()).containsEntry("traceparent", HEADER_PARENT);
        assertThat(initialize.ends()).containsExactly("session " + session, "answered null");
        Reported list = byMethod.get("tools/list");
        assertThat(list.id()).isEqualTo(2);
        assertThat(list.sessionId()).isEqualTo(session);
        assertThat(list.meta().get("traceparent")).isEqualTo(META_PARENT);
        assertThat(list.headers()).isEmpty();
        assertThat(list.ends()).containsExactly("answered null");
        assertThat(byMethod.get("tools/call").sessionId()).isEqualTo(session);
        assertThat(byMethod.get("prompts/list").ends())
                .as("prompts are not offered: an error answer")
                .containsExactly("answered -32601");
    }

    @Test
    void withoutSessionsRequestsAreReportedWithoutOneAndOnlyOnceTheTransportIsGivenWhereTo() {
        JettyStatelessTransport transport = new JettyStatelessTransport(
                InboundMessageMapper.withoutResponses(new ArgumentsCheckingMapper()), caller, 64 * 1024);
        McpStatelessSyncServer server = McpServer.sync(transport)
                .serverInfo("t", "1")
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(new McpStatelessServerFeatures.SyncToolSpecification(echo(), (context, request) -> text()))
                .build();
        mcp = server::close;
        http = new HandlerServer(transport);

        http.send(
                http.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}").build());
        transport.traceRequestsWith(traces);
        http.send(http.post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}")
                .header("traceparent", HEADER_PARENT)
                .build());

        Map<String, Reported> byMethod = traces.ended(1);
        Reported ping = byMethod.get("ping");
        assertThat(ping.id())
                .as("the ping before the transport was given traces is not reported")
                .isEqualTo(3);
        assertThat(ping.sessionId()).isNull();
        assertThat(ping.headers()).containsEntry("traceparent", HEADER_PARENT);
        assertThat(ping.ends()).containsExactly("answered null");
    }

    /** One request as a transport reported it, and how its trace ended. */
    record Reported(
            String method,
            Object id,
            Map<String, ?> meta,
            String sessionId,
            Map<String, String> headers,
            List<String> ends) {}

    /** A fake of the core's {@link RequestTraces}: records every report. Thread-safe. */
    private static final class RecordingTraces implements RequestTraces {
        private final List<Reported> reported = new CopyOnWriteArrayList<>();
        private final AtomicInteger ended = new AtomicInteger();

        @Override
        @SuppressWarnings("unchecked")
        public Trace started(String method, Object id, Object params, String sessionId, Map<String, String> headers) {
            Map<String, ?> meta = params instanceof Map<?, ?> map && map.get("_meta") instanceof Map<?, ?> given
                    ? (Map<String, ?>) given
                    : null;
            Reported request =
                    new Reported(method, id, meta, sessionId, Map.copyOf(headers), new CopyOnWriteArrayList<>());
            reported.add(request);
            return new Trace() {
                @Override
                public void answered(Integer errorCode) {
                    request.ends().add("answered " + errorCode);
                    ended.incrementAndGet();
                }

                @Override
                public void failed(Throwable failure) {
                    request.ends().add("failed " + failure.getClass().getSimpleName());
                    ended.incrementAndGet();
                }

                @Override
                public void sessionStarted(String session) {
                    request.ends().add("session " + session);
                }
            };
        }

        /** The reported requests by method, once {@code count} of them ended (polled, for the harness's patience). */
        Map<String, Reported> ended(int count) {
            HttpHarness.eventually(
                    () -> assertThat(ended.get()).as("traces ended").isGreaterThanOrEqualTo(count));
            assertThat(reported).as("reported: %s", reported).hasSize(count);
            assertThat(ended).hasValue(count);
            return reported.stream().collect(java.util.stream.Collectors.toMap(Reported::method, r -> r));
        }
    }

    private static McpSchema.Tool echo() {
        return McpSchema.Tool.builder("echo", Map.of("type", "object"))
                .description("echo")
                .build();
    }

    private static McpSchema.CallToolResult text() {
        return McpSchema.CallToolResult.builder()
                .content(List.of(McpSchema.TextContent.builder("echo").build()))
                .isError(false)
                .build();
    }
}
