package dev.bulwark.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.GeneratedApiKey;
import dev.bulwark.serve.config.ApiKeysFile;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The application started whole, its tools called over Streamable HTTP by the MCP Java SDK's client. */
@SpringBootTest(
        properties = {
            "spring.main.web-application-type=none",
            "bulwark.http.port=0",
            "bulwark.http.management-port=0"
        })
class OrdersApplicationTest {

    static final GeneratedApiKey CLERK = ApiKeys.generate("clerk", Set.of("tools:read"));
    static final GeneratedApiKey MANAGER = ApiKeys.generate("manager", Set.of("tools:read", "orders:write"));

    @DynamicPropertySource
    static void apiKeys(DynamicPropertyRegistry properties) {
        properties.add("bulwark.auth.api-keys-file", OrdersApplicationTest::keysFile);
    }

    static String keysFile() {
        try {
            Path file = Files.createTempFile("orders-api-keys", ".json");
            file.toFile().deleteOnExit();
            Files.writeString(file, "{\"keys\": [" + ApiKeysFile.entryFor(CLERK.entry()) + ", "
                    + ApiKeysFile.entryFor(MANAGER.entry()) + "]}");
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Value("${local.bulwark.http.port}")
    int port;

    McpSyncClient client(GeneratedApiKey key) {
        var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                .endpoint("/mcp")
                .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
                .requestBuilder(HttpRequest.newBuilder().header("X-API-Key", key.key()))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
        return client;
    }

    @Test
    void aCallerWithTheScopeCallsBothTools() {
        try (McpSyncClient manager = client(MANAGER)) {
            CallToolResult status = manager.callTool(new CallToolRequest("order_status", Map.of("orderId", "A-1")));
            assertThat(status.isError()).isFalse();
            assertThat(status.structuredContent()).isEqualTo(Map.of("orderId", "A-1", "status", "shipped"));

            CallToolResult cancelled = manager.callTool(new CallToolRequest("cancel_order", Map.of("orderId", "A-2")));
            assertThat(cancelled.isError()).isFalse();
            assertThat(cancelled.structuredContent()).isEqualTo(Map.of("orderId", "A-2", "status", "cancelled"));
        }
    }

    @Test
    void aCallerWithoutTheScopeCannotCancel() {
        try (McpSyncClient clerk = client(CLERK)) {
            assertThat(clerk.callTool(new CallToolRequest("order_status", Map.of("orderId", "A-1"))).isError())
                    .isFalse();

            // Bulwark's HTTP edge refuses the call with 403 and an insufficient_scope challenge naming the scope
            assertThatThrownBy(() -> clerk.callTool(new CallToolRequest("cancel_order", Map.of("orderId", "A-3"))))
                    .isInstanceOf(McpHttpClientTransportAuthorizationException.class);
        }
        try (McpSyncClient manager = client(MANAGER)) {
            CallToolResult status = manager.callTool(new CallToolRequest("order_status", Map.of("orderId", "A-3")));
            assertThat(status.structuredContent()).isEqualTo(Map.of("orderId", "A-3", "status", "open"));
        }
    }

    @Test
    void orderStatusLinksItsViewAndTheViewIsServedAsAnMcpApp() {
        try (McpSyncClient clerk = client(CLERK)) {
            McpSchema.Tool status = clerk.listTools().tools().stream()
                    .filter(tool -> tool.name().equals("order_status"))
                    .findFirst()
                    .orElseThrow();
            assertThat(status.meta()).containsEntry("ui", Map.of("resourceUri", "ui://orders/status.html"));

            McpSchema.ReadResourceResult view =
                    clerk.readResource(new McpSchema.ReadResourceRequest("ui://orders/status.html"));
            McpSchema.TextResourceContents html = (McpSchema.TextResourceContents) view.contents().get(0);
            assertThat(html.mimeType()).isEqualTo("text/html;profile=mcp-app");
            assertThat(html.text()).contains("ui/initialize");
        }
    }
}
