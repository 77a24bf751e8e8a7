package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the built {@code bulwark-server.jar} over stdio with the MCP Java SDK's own client, exactly as an MCP host
 * would. The server's stdout is also copied to a file (through {@code tee}) so the test can prove it carried nothing
 * but JSON-RPC messages.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StdioEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workDir;

    private static Path stdoutCopy;
    private static Path stderrCopy;
    private static McpSyncClient client;

    @BeforeAll
    static void startServer() {
        Path jar = Path.of(System.getProperty("bulwark.server.jar", "target/bulwark-server.jar"))
                .toAbsolutePath();
        assertThat(jar)
                .as("the shaded server jar is built before integration tests")
                .exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        stdoutCopy = workDir.resolve("stdout.jsonl");
        stderrCopy = workDir.resolve("stderr.jsonl");
        ServerParameters server = ServerParameters.builder("bash")
                .args(
                        "-c",
                        "\"$0\" -jar \"$1\" 2>\"$2\" | tee \"$3\"",
                        java,
                        jar.toString(),
                        stderrCopy.toString(),
                        stdoutCopy.toString())
                .build();
        client = StdioClients.of(server);
        client.initialize();
    }

    @AfterAll
    static void stopServer() {
        if (client != null) {
            client.closeGracefully();
        }
    }

    @Test
    @Order(1)
    void listsTheBuiltInTools() {
        List<String> names =
                client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
        assertThat(names).contains("health_check", "get_metrics", "check_dependencies", "process_data");
    }

    @Test
    @Order(2)
    void secondIdenticalProcessDataCallIsACacheHit() {
        Map<String, Object> arguments =
                Map.of("data", Map.of("user", Map.of("name", "  Ada  ", "age", 36)), "operation", "transform");
        CallToolResult first = client.callTool(call("process_data", arguments));
        CallToolResult second = client.callTool(call("process_data", arguments));

        assertThat(first.isError()).isFalse();
        assertThat(first.meta()).containsEntry("dev.bulwark/cache", "miss");
        assertThat(second.isError()).isFalse();
        assertThat(second.meta()).containsEntry("dev.bulwark/cache", "hit");
        assertThat(second.structuredContent()).isEqualTo(first.structuredContent());
    }

    @Test
    @Order(3)
    void invalidArgumentsGetAClearErrorNamingTheField() {
        CallToolResult result =
                client.callTool(call("process_data", Map.of("data", Map.of("a", 1), "operation", "explode")));

        assertThat(result.isError()).isTrue();
        String message = textOf(result);
        assertThat(message)
                .contains("operation")
                .contains("transform")
                .contains("validate")
                .contains("analyze");
        assertThat(message).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    @Order(4)
    void healthCheckReportsHealthyOnEmbeddedDefaults() {
        CallToolResult result = client.callTool(call("health_check", Map.of()));

        assertThat(result.isError()).isFalse();
        JsonNode health = JSON.valueToTree(result.structuredContent());
        assertThat(health.path("status").asText()).isEqualTo("healthy");
        assertThat(health.has("uptime_seconds") || health.has("uptimeSeconds")).isTrue();
    }

    @Test
    @Order(4)
    void databaseToolsAnswerThroughTheSdkWithResultsThatFitTheirSchemas() {
        // the server's SDK checks each structured result against the tool's output schema: a null where the schema
        // said integer or string made every SELECT and the last page of users an "output validation failed" error
        CallToolResult query = client.callTool(call("execute_query", Map.of("query", "SELECT 1 AS one")));
        CallToolResult users = client.callTool(call("list_users", Map.of()));

        assertThat(query.isError()).as(textOf(query)).isFalse();
        assertThat(JSON.valueToTree(query.structuredContent())
                        .at("/result/rows/0/0")
                        .asInt())
                .isEqualTo(1);
        assertThat(users.isError()).as(textOf(users)).isFalse();
    }

    @Test
    @Order(5)
    void stdoutCarriesOnlyJsonRpcMessages() throws IOException {
        List<String> lines = Files.readAllLines(stdoutCopy, StandardCharsets.UTF_8);

        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode message = JSON.readTree(line);
            assertThat(message.path("jsonrpc").asText())
                    .as("stdout line %s", line)
                    .isEqualTo("2.0");
        }
    }

    @Test
    @Order(6)
    void logsGoToStderrAsJsonLines() throws IOException, InterruptedException {
        List<String> lines = HttpServerProcess.completeLines(stderrCopy);

        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode entry = JSON.readTree(line);
            assertThat(entry.has("level")).as("stderr line %s", line).isTrue();
            assertThat(entry.has("message")).as("stderr line %s", line).isTrue();
        }
        // the audit stream's own line, written by its background writer within some milliseconds of the calls
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (HttpServerProcess.completeLines(stderrCopy).stream()
                .noneMatch(line -> line.contains("\"logger\":\"dev.bulwark.audit\"") && line.contains("\"tool\""))) {
            assertThat(System.nanoTime()).as("an audit line on stderr").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static CallToolRequest call(String tool, Map<String, Object> arguments) {
        return CallToolRequest.builder(tool).arguments(arguments).build();
    }

    private static String textOf(CallToolResult result) {
        return result.content().stream()
                .filter(TextContent.class::isInstance)
                .map(content -> ((TextContent) content).text())
                .findFirst()
                .orElse("");
    }
}
