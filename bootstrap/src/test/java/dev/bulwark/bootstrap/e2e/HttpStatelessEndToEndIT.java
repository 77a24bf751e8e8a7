package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built server with {@code --http-mode stateless}: no sessions, every request stands alone. */
class HttpStatelessEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workDir;

    private static HttpServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = HttpServerProcess.start(workDir, Map.of(), "--http-mode", "stateless");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sdkClientListsAndCallsToolsWithoutASession() {
        var transport = HttpClientStreamableHttpTransport.builder(server.mcpUrl())
                .endpoint("/mcp")
                .jsonMapper(new JacksonMcpJsonMapper(JSON))
                .build();
        McpSyncClient client =
                McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
        try {
            client.initialize();
            List<String> names = client.listTools().tools().stream()
                    .map(McpSchema.Tool::name)
                    .toList();
            CallToolResult result = client.callTool(CallToolRequest.builder("process_data")
                    .arguments(Map.of("data", Map.of("n", 1), "operation", "analyze"))
                    .build());

            assertThat(names).contains("health_check", "process_data");
            assertThat(result.isError()).isFalse();
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    void toolCallWithoutANameGetsInvalidParamsInsteadOfAServerError() {
        HttpResponse<String> response = server.post(
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\"," + "\"params\":{\"arguments\":{}}}",
                Map.of("MCP-Protocol-Version", "2025-11-25"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains(
                        "\"id\":5",
                        "\"code\":-32602",
                        "\"message\":\"Invalid params for tools/call: name is required\"");
    }

    @Test
    void initializeCreatesNoSession() {
        HttpResponse<String> response = server.initialize();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();
    }

    @Test
    void thereIsNoEventStreamToOpen() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.mcp())
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "text/event-stream")
                .GET()
                .build());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.body()).contains("\"jsonrpc\":\"2.0\"");
    }
}
