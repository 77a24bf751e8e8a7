package dev.bulwark.core.internal.presentation.era2026;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.internal.presentation.tasks.TaskAdmission;
import dev.bulwark.core.internal.presentation.tasks.TaskRequestMetrics;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.tracing.RequestTraces;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * What the dispatcher puts in the SDK handler's transport context for a 2026-07-28 request: its input round, its
 * era, its client capabilities, and where its notifications go, which arrive before its answer. The SDK's handler is
 * a fake here, so the test sees the context as a handler does.
 */
class RequestNotificationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aHandlerSendsNotificationsOnItsRequestBeforeTheAnswer() throws Exception {
        List<McpTransportContext> contexts = new CopyOnWriteArrayList<>();
        McpStatelessServerHandler handler = new McpStatelessServerHandler() {
            @Override
            public Mono<JSONRPCResponse> handleRequest(McpTransportContext context, JSONRPCRequest request) {
                contexts.add(context);
                RequestOrigin.from(context::get)
                        .notifications()
                        .orElseThrow()
                        .send(
                                "notifications/progress",
                                new McpSchema.ProgressNotification("token-1", 50.0, 100.0, null));
                return Mono.just(new JSONRPCResponse(
                        "2.0", request.id(), Map.of("content", List.of(Map.of("type", "text", "text", "done"))), null));
            }

            @Override
            public Mono<Void> handleNotification(McpTransportContext context, JSONRPCNotification notification) {
                return Mono.empty();
            }
        };
        Era2026Dispatcher dispatcher = new Era2026Dispatcher(
                JSON,
                new JacksonMcpJsonMapper(JSON),
                handler,
                new NoInputRounds(),
                new Discovery(JSON, ServerFeatures.builder().build(), ExtensionRequests.NONE),
                new ResultShaping(JSON, ServerSettings.defaults(), false),
                new Subscriptions(JSON, false),
                RequestTraces.NONE,
                name -> java.util.Optional.empty(),
                new TaskRequestMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                ParamHeaderCheck.NONE,
                TaskAdmission.ALL,
                ExtensionRequests.NONE);
        List<String> sent = new CopyOnWriteArrayList<>();
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"t\","
                        + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                        + "\"io.modelcontextprotocol/clientCapabilities\":{\"sampling\":{}},\"progressToken\":\"token-1\"}}}")
                .getBytes(StandardCharsets.UTF_8);

        Era2026Answer answer = dispatcher
                .serve(ParsedEra2026Requests.overStdio(body, RequestOrigin.NONE), sent::add)
                .get(30, TimeUnit.SECONDS);

        assertThat(sent).hasSize(1);
        assertThat(JSON.readTree(sent.get(0)))
                .isEqualTo(JSON.readTree("{\"jsonrpc\":\"2.0\","
                        + "\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"token-1\",\"progress\":50.0,"
                        + "\"total\":100.0}}"));
        assertThat(JSON.readTree(answer.json())
                        .path("result")
                        .path("resultType")
                        .asText())
                .isEqualTo("complete");
        McpTransportContext context = contexts.get(0);
        RequestOrigin origin = RequestOrigin.from(context::get);
        assertThat(origin.inputRound()).containsInstanceOf(InputRound.class);
        assertThat(origin.era()).isEqualTo(ProtocolEra.REQUESTS_2026_07_28);
        assertThat(origin.clientCapabilities()).contains(JSON.readTree("{\"sampling\":{}}"));
    }
}
