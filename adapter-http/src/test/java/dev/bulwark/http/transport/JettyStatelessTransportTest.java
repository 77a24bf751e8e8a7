package dev.bulwark.http.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.testing.ArgumentsCheckingMapper;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class JettyStatelessTransportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALL_WHOAMI = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"whoami\",\"arguments\":{}}}";

    private final JettyStatelessTransport transport = new JettyStatelessTransport(
            new InboundMessageMapper(new ArgumentsCheckingMapper()),
            request -> McpTransportContext.create(
                    RequestOrigin.of(Principal.of(caller(request.getHeaders().get("X-Caller")), "tools:read"))
                            .asContext()),
            1024);
    private HandlerServer http;
    private McpStatelessSyncServer mcp;

    @AfterEach
    void stop() throws Exception {
        if (mcp != null) {
            mcp.close();
        }
        http.close();
    }

    private void serveSdk() {
        mcp = McpServer.sync(transport)
                .serverInfo("t", "1")
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(new McpStatelessServerFeatures.SyncToolSpecification(
                        McpSchema.Tool.builder()
                                .name("whoami")
                                .inputSchema(new McpSchema.JsonSchema("object", Map.of(), List.of(), null, null, null))
                                .build(),
                        (context, request) -> McpSchema.CallToolResult.builder()
                                .addTextContent(RequestOrigin.from(context::get)
                                        .caller()
                                        .orElseThrow()
                                        .subject())
                                .build()))
                .build();
        http = new HandlerServer(transport);
    }

    private void serve(McpStatelessServerHandler handler) {
        transport.setMcpHandler(handler);
        http = new HandlerServer(transport);
    }

    @Test
    void aToolCallIsAnsweredWithItsResultInOneJsonBodyOfKnownLength() throws Exception {
        serveSdk();

        HttpResponse<String> response =
                http.send(http.post(CALL_WHOAMI).header("X-Caller", "alice").build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValueAsLong("Content-Length"))
                .hasValue(response.body().length());
        assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
        assertThat(JSON.readTree(response.body()))
                .isEqualTo(JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":7,"
                        + "\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"alice\"}],\"isError\":false}}"));
    }

    @Test
    void aNotificationIsAcceptedWithoutABody() {
        List<String> notified = new CopyOnWriteArrayList<>();
        serve(new RecordingHandler(notified, null));

        HttpResponse<String> response =
                http.send(http.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                        .build());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEmpty();
        assertThat(notified).containsExactly("notifications/initialized");
    }

    @Test
    void anyMethodButPostIsNotAllowedAndTheAnswerNamesPost() throws Exception {
        serve(new RecordingHandler(new CopyOnWriteArrayList<>(), null));

        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(http.uri()).GET().build());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
        assertThat(JSON.readTree(response.body()).at("/error/code").asInt()).isEqualTo(-32600);
    }

    @Test
    void aPlainOptionsRequestIsAnsweredWithWhatIsAllowed() {
        serve(new RecordingHandler(new CopyOnWriteArrayList<>(), null));

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(http.uri())
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
    }

    @Test
    void aBodyDeclaredOverTheLimitIsRefusedWith413() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        serve(new RecordingHandler(handled, null));

        HttpResponse<String> response = http.send(http.post(padded(2000)).build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).at("/error/message").asText()).contains("1024 bytes");
        assertThat(handled).isEmpty();
    }

    @Test
    void aChunkedBodyThatGrowsOverTheLimitIsRefusedWith413() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        serve(new RecordingHandler(handled, null));
        byte[] body = padded(5000).getBytes();

        HttpResponse<String> response = http.send(http.post("")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(handled).isEmpty();
    }

    @Test
    void aChunkedBodyUnderTheLimitIsReadWhole() throws Exception {
        serveSdk();
        byte[] body = CALL_WHOAMI.getBytes();

        HttpResponse<String> response = http.send(http.post("")
                .header("X-Caller", "bob")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).at("/result/content/0/text").asText())
                .isEqualTo("bob");
    }

    @Test
    void aBodyThatIsNotJsonIsAParseErrorThatDoesNotQuoteIt() throws Exception {
        serve(new RecordingHandler(new CopyOnWriteArrayList<>(), null));

        HttpResponse<String> response =
                http.send(http.post("{\"jsonrpc\": secret-token").build());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).at("/error");
        assertThat(error.at("/code").asInt()).isEqualTo(-32700);
        assertThat(response.body()).doesNotContain("secret-token");
    }

    @Test
    void aRequestRefusedForItsParamsIsAnsweredInBandWithItsId() throws Exception {
        serveSdk();

        HttpResponse<String> response = http.send(http.post("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":"
                        + "\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":[1]}}")
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()))
                .isEqualTo(JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":\"a\","
                        + "\"error\":{\"code\":-32602,\"message\":\"" + ArgumentsCheckingMapper.MESSAGE + "\"}}"));
    }

    @Test
    void aResponseIsRefusedSinceAStatelessServerSendsNoRequests() throws Exception {
        serve(new RecordingHandler(new CopyOnWriteArrayList<>(), null));

        HttpResponse<String> response = http.send(
                http.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}").build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).at("/error/code").asInt()).isEqualTo(-32600);
    }

    @Test
    void aFailureOfTheHandlerIsA500ThatSaysNothingAboutIt() throws Exception {
        serve(new RecordingHandler(
                new CopyOnWriteArrayList<>(), new IllegalStateException("connection to db.internal.example refused")));

        HttpResponse<String> response = http.send(http.post(CALL_WHOAMI).build());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(response.body()).at("/error/code").asInt()).isEqualTo(-32603);
        assertThat(response.body()).doesNotContain("db.internal");
    }

    @Test
    void aClosingTransportRefusesNewMessagesWith503() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        serve(new RecordingHandler(handled, null));
        transport.closeGracefully().block();

        HttpResponse<String> response = http.send(http.post(CALL_WHOAMI).build());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(handled).isEmpty();
    }

    private static String caller(String header) {
        return header == null ? "anonymous" : header;
    }

    private static String padded(int padding) {
        return "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":{\"pad\":\"" + "x".repeat(padding)
                + "\"}}";
    }

    /** Records the methods it is handed; answers every request with an empty result, or fails with {@code failure}. */
    private record RecordingHandler(List<String> handled, RuntimeException failure)
            implements McpStatelessServerHandler {

        @Override
        public Mono<McpSchema.JSONRPCResponse> handleRequest(
                McpTransportContext context, McpSchema.JSONRPCRequest request) {
            handled.add(request.method());
            return failure != null
                    ? Mono.error(failure)
                    : Mono.just(new McpSchema.JSONRPCResponse("2.0", request.id(), Map.of(), null));
        }

        @Override
        public Mono<Void> handleNotification(McpTransportContext context, McpSchema.JSONRPCNotification notification) {
            handled.add(notification.method());
            return Mono.empty();
        }
    }
}
