package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built server as a gateway in front of {@code @modelcontextprotocol/server-everything} (pinned in
 * {@code clients/upstreams}), once over stdio (a child the server starts) and once over Streamable HTTP: the upstream
 * tools are listed under their prefixes and called through the pipeline by a 2025-11-25 client and a 2026-07-28
 * client; an upstream's scope is enforced, the child sees only its configured environment, and the upstreams show in
 * {@code /health}, {@code /metrics} and the audit log.
 */
class GatewayEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVER_SECRET = "server-only-secret-e2e";

    /**
     * Runs the module named by the first argument with {@code PORT=0}, printing the port its HTTP server bound: the
     * reference server prints only the port it was given.
     */
    private static final String PRINT_PORT = "const http = require('http');"
            + "const listen = http.Server.prototype.listen;"
            + "http.Server.prototype.listen = function (...args) {"
            + "  this.once('listening', () => console.error('bulwark-test-port=' + this.address().port));"
            + "  return listen.apply(this, args);"
            + "};"
            + "import(require('url').pathToFileURL(process.argv[1]).href);";

    @TempDir
    static Path workDir;

    private static PinnedNodePackages packages;
    private static Process httpUpstream;
    private static HttpServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        Path pinned = Path.of(System.getProperty("upstreams.dir", "../clients/upstreams"))
                .toAbsolutePath()
                .normalize();
        packages = PinnedNodePackages.install(pinned, workDir);
        Path everything = packages.module("@modelcontextprotocol/server-everything/dist/index.js");
        Path httpErr = workDir.resolve("http-upstream.err");
        ProcessBuilder http = new ProcessBuilder(
                        packages.node().toString(), "-e", PRINT_PORT, everything.toString(), "streamableHttp")
                .redirectOutput(workDir.resolve("http-upstream.out").toFile())
                .redirectError(httpErr.toFile());
        http.environment().put("PORT", "0");
        httpUpstream = http.start();
        int port = await().atMost(Duration.ofMinutes(1)).until(() -> boundPort(httpErr), bound -> bound > 0);
        Path config = Files.writeString(workDir.resolve("bulwark.yaml"), """
                upstreams:
                  everything:
                    transport: stdio
                    command: %1$s
                    args: [%2$s, stdio]
                    env: [GATEWAY_CANARY=visible]
                    scope: upstream:everything
                    rename: [get-sum=add_numbers]
                  web:
                    transport: http
                    url: http://127.0.0.1:%3$d/mcp
                    allow: [echo, get-sum]
                  locked:
                    transport: stdio
                    command: %1$s
                    args: [%2$s, stdio]
                    scope: upstream:locked-admin
                    allow: [echo]
                  broken:
                    transport: stdio
                    command: %4$s
                """.formatted(
                        packages.node(), everything, port, workDir.resolve("no-such-command")));
        server = HttpServerProcess.start(
                workDir,
                Map.of(
                        "MCP_HTTP_SCOPES",
                        "upstream:everything,tools:read,ops:read",
                        "BULWARK_SECRET_CANARY",
                        SERVER_SECRET),
                "--config",
                config.toString());
    }

    /** The port the HTTP upstream bound, from the line {@link #PRINT_PORT} writes; 0 until it is written. */
    private static int boundPort(Path stderr) throws IOException {
        if (!Files.exists(stderr)) {
            return 0;
        }
        return Files.readAllLines(stderr).stream()
                .filter(line -> line.startsWith("bulwark-test-port="))
                .map(line -> Integer.parseInt(
                        line.substring("bulwark-test-port=".length()).strip()))
                .findFirst()
                .orElse(0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (httpUpstream != null) {
            httpUpstream.destroy();
        }
    }

    private static McpSyncClient client() {
        var transport = HttpClientStreamableHttpTransport.builder(server.mcpUrl())
                .endpoint("/mcp")
                .jsonMapper(new JacksonMcpJsonMapper(JSON))
                .build();
        return McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static String text(CallToolResult result) {
        return result.content().stream()
                .filter(McpSchema.TextContent.class::isInstance)
                .map(content -> ((McpSchema.TextContent) content).text())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void aClientOf2025ListsAndCallsTheUpstreamToolsOverStdioAndHttp() {
        McpSyncClient client = client();
        try {
            client.initialize();
            List<String> names = client.listTools().tools().stream()
                    .map(McpSchema.Tool::name)
                    .toList();
            CallToolResult echoed = client.callTool(CallToolRequest.builder("everything_echo")
                    .arguments(Map.of("message", "through the gateway"))
                    .build());
            CallToolResult summed = client.callTool(CallToolRequest.builder("add_numbers")
                    .arguments(Map.of("a", 2, "b", 3))
                    .build());
            CallToolResult overHttp = client.callTool(CallToolRequest.builder("web_get-sum")
                    .arguments(Map.of("a", 20, "b", 22))
                    .build());
            CallToolResult locked = client.callTool(CallToolRequest.builder("locked_echo")
                    .arguments(Map.of("message", "no scope"))
                    .build());

            assertThat(names)
                    .contains("everything_echo", "add_numbers", "everything_get-env", "web_echo", "web_get-sum")
                    .doesNotContain("everything_get-sum", "web_get-env", "get-sum", "echo");
            assertThat(echoed.isError()).isFalse();
            assertThat(text(echoed)).contains("through the gateway");
            assertThat(summed.isError()).isFalse();
            assertThat(text(summed)).contains("5");
            assertThat(overHttp.isError()).isFalse();
            assertThat(text(overHttp)).contains("42");
            assertThat(locked.isError()).isTrue();
            assertThat(text(locked)).contains("upstream:locked-admin");
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    void theStdioChildSeesOnlyTheEnvironmentItsConfigurationNames() {
        McpSyncClient client = client();
        try {
            client.initialize();
            CallToolResult env = client.callTool(CallToolRequest.builder("everything_get-env")
                    .arguments(Map.of())
                    .build());

            assertThat(env.isError()).isFalse();
            assertThat(text(env))
                    .contains("GATEWAY_CANARY", "visible")
                    .doesNotContain("BULWARK_SECRET_CANARY", SERVER_SECRET, "MCP_HTTP_SCOPES");
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    void aClientOf2026CallsAnUpstreamToolStatelessly() {
        HttpResponse<String> response = server.post(
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"web_get-sum\",\"arguments\":{\"a\":40,\"b\":2},\"_meta\":{"
                        + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                        + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}",
                Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "web_get-sum"));
        HttpResponse<String> listed = server.post(
                "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/list\",\"params\":{\"_meta\":{"
                        + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                        + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}",
                Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/list"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"id\":7", "42").doesNotContain("\"isError\":true");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("everything_echo", "web_get-sum", "add_numbers");
    }

    @Test
    void theUpstreamsShowInHealthMetricsAndTheAuditLog() {
        McpSyncClient client = client();
        try {
            client.initialize();
            client.callTool(CallToolRequest.builder("everything_echo")
                    .arguments(Map.of("message", "audited"))
                    .build());
        } finally {
            client.closeGracefully();
        }

        JsonNode health = readJson(server.get(server.operations("/health")).body());
        String metrics = server.get(server.operations("/metrics")).body();

        assertThat(health.toString()).contains("upstream:everything", "upstream:web", "upstream:locked");
        assertThat(metrics)
                .contains("bulwark_upstream_calls_total{outcome=\"success\",upstream=\"everything\"}")
                .contains("bulwark_upstream_connected{upstream=\"web\"} 1.0");
        await().untilAsserted(() -> assertThat(
                        server.stderrText().lines().filter(line -> line.contains("\"logger\":\"dev.bulwark.audit\"")))
                .anySatisfy(line -> assertThat(line)
                        .contains("\"tool\":\"everything_echo\"")
                        .contains("\"outcome\":\"success\"")));
        assertThat(server.stderrText())
                .doesNotContain(SERVER_SECRET, File.separator + "dist" + File.separator + "index.js stdio");
    }

    @Test
    void anUpstreamThatCannotStartLeavesTheServerServingAndShowsDown() {
        JsonNode health = readJson(server.get(server.operations("/health")).body());
        String metrics = server.get(server.operations("/metrics")).body();
        HttpResponse<String> ready = server.get(server.operations("/ready"));

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(health.path("status").asText()).isEqualTo("degraded");
        assertThat(health.path("components").path("upstream:broken").asText()).isEqualTo("down");
        assertThat(health.path("components").path("upstream:everything").asText())
                .isEqualTo("up");
        assertThat(metrics).contains("bulwark_upstream_connected{upstream=\"broken\"} 0.0");
        McpSyncClient client = client();
        try {
            client.initialize();
            CallToolResult checked = client.callTool(
                    CallToolRequest.builder("health_check").arguments(Map.of()).build());
            JsonNode components = JSON.valueToTree(checked.structuredContent()).path("components");

            assertThat(checked.isError()).isFalse();
            assertThat(components.findParents("name"))
                    .filteredOn(component -> component.path("name").asText().equals("upstream:broken"))
                    .singleElement()
                    .satisfies(component ->
                            assertThat(component.path("status").asText()).isEqualTo("down"));
        } finally {
            client.closeGracefully();
        }
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
