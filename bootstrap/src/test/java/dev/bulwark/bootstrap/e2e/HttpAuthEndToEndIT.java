package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.http.HttpHarness;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.JwksServer;
import dev.bulwark.http.auth.Tokens;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built server with HTTP authentication required, driven by the SDK client with real tokens: HS256 with the
 * shared secret, RS256 with a key from a JWKS this test serves, and an API key from a hashed keys file; its config
 * file names an MCP Apps view, which scoped callers read and others are refused.
 */
class HttpAuthEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESOURCE = "https://mcp.test/mcp";
    private static final String API_KEY = ApiKeys.newKey();
    private static final String HEALTH_VIEW = "<!doctype html><p>health</p>";

    @TempDir
    static Path workDir;

    private static JwksServer jwks;
    private static HttpServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        jwks = new JwksServer(List.of(Tokens.RSA));
        Path keys = workDir.resolve("api-keys.json");
        Files.writeString(
                keys,
                "{\"keys\": [{\"subject\": \"ci-bot\", \"scopes\": [\"ops:read\"], \"hash\": \""
                        + ApiKeys.hashOf(API_KEY) + "\"}]}");
        Path views = Files.createDirectories(workDir.resolve("views"));
        Files.writeString(views.resolve("health.html"), HEALTH_VIEW);
        Path config = workDir.resolve("bulwark.yaml");
        Files.writeString(config, """
                tools:
                  views-folder: %s
                views:
                  health-board:
                    uri: ui://ops/health.html
                    file: health.html
                    connect-domains: [https://api.example.com]
                    scopes: [ops:read]
                    tools: [health_check]
                """.formatted(views));
        server = HttpServerProcess.start(
                workDir,
                Map.of("JWT_SECRET", Tokens.HS_SECRET),
                "--config",
                config.toString(),
                "--auth",
                "required",
                "--api-keys-file",
                keys.toString(),
                "--jwks-url",
                jwks.url().toString(),
                "--jwt-issuer",
                Tokens.ISSUER,
                "--resource-url",
                RESOURCE);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        if (jwks != null) {
            jwks.close();
        }
    }

    private static McpSyncClient client(String credential) {
        var transport = HttpClientStreamableHttpTransport.builder(server.mcpUrl())
                .endpoint("/mcp")
                .jsonMapper(new JacksonMcpJsonMapper(JSON))
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + credential))
                .build();
        McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(30))
                .build();
        client.initialize();
        return client;
    }

    private static String hs256(String subject, String scope) {
        return Tokens.hs256(Tokens.with(Tokens.claims(RESOURCE, scope), b -> b.subject(subject)));
    }

    @Test
    void anHs256TokenListsOnlyTheToolsItsScopesAllowAndCallsThem() {
        McpSyncClient client = client(hs256("alice", "ops:read"));

        assertThat(client.listTools().tools())
                .extracting(McpSchema.Tool::name)
                .contains("health_check", "get_metrics")
                .doesNotContain("create_user", "process_data", "execute_query");
        McpSchema.CallToolResult result = client.callTool(
                McpSchema.CallToolRequest.builder("health_check").build());
        assertThat(result.isError()).isFalse();
        client.closeGracefully();
    }

    @Test
    void aViewNamedInTheConfigIsLinkedFromItsToolAndReadWithTheAppsMimeTypeAndCsp() {
        McpSyncClient client = client(hs256("alice", "ops:read"));

        McpSchema.Tool health = client.listTools().tools().stream()
                .filter(tool -> tool.name().equals("health_check"))
                .findFirst()
                .orElseThrow();
        assertThat(health.meta()).containsEntry("ui", Map.of("resourceUri", "ui://ops/health.html"));
        McpSchema.TextResourceContents view = (McpSchema.TextResourceContents)
                client.readResource(new McpSchema.ReadResourceRequest("ui://ops/health.html"))
                        .contents()
                        .get(0);
        assertThat(view.mimeType()).isEqualTo("text/html;profile=mcp-app");
        assertThat(view.text()).isEqualTo(HEALTH_VIEW);
        assertThat(view.meta())
                .containsEntry("ui", Map.of("csp", Map.of("connectDomains", List.of("https://api.example.com"))));
        client.closeGracefully();
    }

    @Test
    void aCallerWithoutTheViewsScopeIsRefusedItsHtml() {
        McpSyncClient client = client(hs256("mallory", "users:read"));

        assertThatThrownBy(() -> client.readResource(new McpSchema.ReadResourceRequest("ui://ops/health.html")))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("ops:read")
                .hasMessageNotContaining("<p>health</p>");
        client.closeGracefully();
    }

    @Test
    void anRs256TokenSignedByAKeyOfTheJwksCallsTools() {
        McpSyncClient client = client(
                Tokens.rs256(Tokens.RSA, Tokens.claims(RESOURCE, "ops:read").build()));

        assertThat(client.callTool(McpSchema.CallToolRequest.builder("health_check")
                                .build())
                        .isError())
                .isFalse();
        client.closeGracefully();
    }

    @Test
    void anApiKeyFromTheHashedKeysFileCallsTools() {
        McpSyncClient client = client(API_KEY);

        assertThat(client.callTool(McpSchema.CallToolRequest.builder("health_check")
                                .build())
                        .isError())
                .isFalse();
        client.closeGracefully();
    }

    @Test
    void noCredentialGets401WithTheResourceMetadataChallenge() {
        HttpResponse<String> response = server.initialize();

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer resource_metadata=\"https://mcp.test/.well-known/oauth-protected-resource/mcp\"");
    }

    @Test
    void aCallBeyondTheTokensScopesGets403InsufficientScope() {
        Map<String, String> headers = Map.of("Authorization", "Bearer " + hs256("alice", "ops:read"));
        HttpResponse<String> init = server.post(HttpServerProcess.INITIALIZE, headers);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();

        HttpResponse<String> response = server.post(
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"create_user\",\"arguments\":{\"name\":\"x\",\"email\":\"x@example.com\"}}}",
                Map.of(
                        "Authorization",
                        headers.get("Authorization"),
                        "Mcp-Session-Id",
                        session,
                        "MCP-Protocol-Version",
                        "2025-11-25"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge ->
                        assertThat(challenge).startsWith("Bearer error=\"insufficient_scope\", scope=\"users:write\""));
    }

    @Test
    void theProtectedResourceMetadataNamesTheResourceTheIssuerAndTheBuiltInScopes() throws Exception {
        HttpResponse<String> response =
                server.get(URI.create(server.mcpUrl() + "/.well-known/oauth-protected-resource/mcp"));

        JsonNode metadata = JSON.readTree(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(metadata.path("resource").asText()).isEqualTo(RESOURCE);
        assertThat(metadata.path("authorization_servers").get(0).asText()).isEqualTo(Tokens.ISSUER);
        assertThat(metadata.path("scopes_supported"))
                .extracting(JsonNode::asText)
                .contains("tools:read", "ops:read", "users:read", "users:write", "sql:read")
                .doesNotContain("sql:write"); // execute_query may not write unless database.allow-writes
    }

    @Test
    void everyToolCallIsAuditedWithItsPrincipalAndOutcome() {
        McpSyncClient client = client(hs256("audited-user", "ops:read"));
        client.callTool(McpSchema.CallToolRequest.builder("health_check").build());
        client.closeGracefully();

        HttpHarness.eventually(() -> assertThat(server.stderrText()
                        .lines()
                        .filter(line -> line.contains("\"logger\":\"dev.bulwark.audit\""))
                        .filter(line -> line.contains("audited-user")))
                .anySatisfy(line -> assertThat(line)
                        .contains("\"tool\":\"health_check\"")
                        .contains("\"outcome\":\"success\"")
                        .contains("\"request_id\"")));
    }
}
