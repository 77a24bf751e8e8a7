package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code bulwark-server.jar} with {@code --http} (stateful, the default), driven by the MCP Java SDK's
 * own Streamable HTTP client and by raw HTTP where a test needs a header the client would never send.
 */
class HttpEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BODY_LIMIT = 64 * 1024;
    private static final int RESULT_LIMIT = 32 * 1024;

    @TempDir
    static Path workDir;

    private static HttpServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = HttpServerProcess.start(
                workDir,
                Map.of(
                        "MAX_REQUEST_SIZE",
                        Integer.toString(BODY_LIMIT),
                        "MAX_RESULT_SIZE",
                        Integer.toString(RESULT_LIMIT)));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static McpSyncClient client() {
        var transport = HttpClientStreamableHttpTransport.builder(server.mcpUrl())
                .endpoint("/mcp")
                .jsonMapper(new JacksonMcpJsonMapper(JSON))
                .build();
        McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(30))
                .build();
        client.initialize();
        return client;
    }

    @Test
    void sdkClientListsAndCallsTheBuiltInTools() {
        McpSyncClient client = client();
        try {
            List<String> names = client.listTools().tools().stream()
                    .map(McpSchema.Tool::name)
                    .toList();
            CallToolResult health = client.callTool(
                    CallToolRequest.builder("health_check").arguments(Map.of()).build());
            Map<String, Object> arguments = Map.of("data", Map.of("a", Map.of("b", 1)), "operation", "transform");
            CallToolResult first = client.callTool(
                    CallToolRequest.builder("process_data").arguments(arguments).build());
            CallToolResult second = client.callTool(
                    CallToolRequest.builder("process_data").arguments(arguments).build());

            assertThat(names).contains("health_check", "get_metrics", "check_dependencies", "process_data");
            assertThat(health.isError()).isFalse();
            assertThat(JSON.valueToTree(health.structuredContent())
                            .path("status")
                            .asText())
                    .isEqualTo("healthy");
            assertThat(first.meta()).containsEntry("dev.bulwark/cache", "miss");
            assertThat(second.meta()).containsEntry("dev.bulwark/cache", "hit");
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    void resultOverTheSizeLimitIsAnErrorAndTheSessionGoesOn() {
        McpSyncClient client = client();
        try {
            Map<String, Object> large = Map.of("data", Map.of("text", "x".repeat(40 * 1024)), "operation", "transform");
            CallToolResult refused = client.callTool(
                    CallToolRequest.builder("process_data").arguments(large).build());
            CallToolResult next = client.callTool(
                    CallToolRequest.builder("health_check").arguments(Map.of()).build());

            assertThat(refused.isError()).isTrue();
            assertThat(refused.meta()).containsEntry("dev.bulwark/error-type", "result_too_large");
            assertThat(((McpSchema.TextContent) refused.content().get(0)).text())
                    .contains("over the server's limit of " + RESULT_LIMIT + " bytes");
            assertThat(next.isError()).isFalse();
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    void deletedSessionAnswers404WhenUsedAgain() {
        String session =
                server.initialize().headers().firstValue("Mcp-Session-Id").orElseThrow();

        assertThat(server.delete(session).statusCode()).isEqualTo(200);
        HttpResponse<String> reuse = server.post(
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25"));

        assertThat(reuse.statusCode()).isEqualTo(404);
        assertThat(errorOf(reuse).path("message").asText()).contains("initialize");
    }

    @Test
    void foreignOriginGets403AndNoSession() {
        HttpResponse<String> response =
                server.post(HttpServerProcess.INITIALIZE, Map.of("Origin", "http://evil.example"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(errorOf(response).path("message").asText()).contains("Origin");
    }

    @Test
    void badProtocolVersionGets400() {
        String session =
                server.initialize().headers().firstValue("Mcp-Session-Id").orElseThrow();

        HttpResponse<String> response = server.post(
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2024-01-01"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(errorOf(response).path("message").asText()).contains("MCP-Protocol-Version");
        server.delete(session);
    }

    @Test
    void oversizedBodyGets413AndTheNextRequestIsServed() {
        String padding = "x".repeat(BODY_LIMIT);
        HttpResponse<String> response = server.post(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"pad\":\"" + padding + "\"}}",
                Map.of());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(errorOf(response).path("message").asText()).contains("too large");
        HttpResponse<String> next = server.initialize();
        assertThat(next.statusCode()).isEqualTo(200);
        server.delete(next.headers().firstValue("Mcp-Session-Id").orElseThrow());
    }

    @Test
    void malformedJsonGetsAJsonRpcErrorWithoutAStackTrace() {
        HttpResponse<String> response = server.post("{not json", Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(errorOf(response).path("code").asInt()).isNegative();
        assertThat(response.body()).doesNotContain("stackTrace", "Exception", "\tat ");
    }

    @Test
    void toolCallWhoseArgumentsAreNotAnObjectGetsInvalidParamsNamingThemAndTheSessionGoesOn() {
        String session =
                server.initialize().headers().firstValue("Mcp-Session-Id").orElseThrow();
        Map<String, String> headers = Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");

        HttpResponse<String> refused = server.post(
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"health_check\",\"arguments\":\"x\"}}",
                headers);
        HttpResponse<String> next = server.post(
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"health_check\",\"arguments\":{}}}",
                headers);

        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("\"id\":3");
        assertThat(errorOf(refused).path("code").asInt()).isEqualTo(-32602);
        assertThat(errorOf(refused).path("message").asText())
                .isEqualTo("Invalid params for tools/call: arguments must be a JSON object");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).contains("\"id\":4", "\"result\"");
        server.delete(session);
    }

    @Test
    void healthAndReadinessReportHealthyWithComponentStatusesOnly() throws Exception {
        HttpResponse<String> health = server.get(server.operations("/health"));
        HttpResponse<String> ready = server.get(server.operations("/ready"));

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(ready.body());
        assertThat(body.path("status").asText()).isEqualTo("healthy");
        assertThat(body.path("ready").asBoolean()).isTrue();
        assertThat(body.path("draining").asBoolean()).isFalse();
    }

    @Test
    void metricsArePrometheusTextWithTheHttpAndToolMeters() {
        McpSyncClient client = client();
        client.callTool(
                CallToolRequest.builder("health_check").arguments(Map.of()).build());
        client.closeGracefully();

        HttpResponse<String> metrics = server.get(server.operations("/metrics"));

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body())
                .contains(
                        "mcp_active_connections",
                        "mcp_http_requests_total{method=\"POST\",status=\"200\"}",
                        "mcp_http_request_duration_seconds",
                        "mcp_requests_total{method=\"tools/call\"",
                        "mcp_sessions_active",
                        "jvm_memory_used_bytes");
    }

    @Test
    void operationsEndpointsAreNotOnTheMcpPortAndMcpIsNotOnTheManagementPort() {
        assertThat(server.get(java.net.URI.create(server.mcpUrl() + "/metrics")).statusCode())
                .isEqualTo(404);
        assertThat(server.get(server.operations("/mcp")).statusCode()).isEqualTo(404);
    }

    private static JsonNode errorOf(HttpResponse<String> response) {
        try {
            JsonNode message = JSON.readTree(response.body());
            assertThat(message.path("jsonrpc").asText()).isEqualTo("2.0");
            return message.path("error");
        } catch (java.io.IOException e) {
            throw new AssertionError("Not a JSON-RPC body: " + response.body(), e);
        }
    }
}
