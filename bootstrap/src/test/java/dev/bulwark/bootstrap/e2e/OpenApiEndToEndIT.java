package dev.bulwark.bootstrap.e2e;

import static dev.bulwark.outbound.FakeService.json;
import static dev.bulwark.outbound.FakeService.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.outbound.FakeService;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built server with a service whose OpenAPI document (the pet store) lists three operations, over HTTP in both
 * protocol eras (the 2025 era with sessions and stateless): each operation is a typed tool that reaches the service
 * with its own credential; and a listed operation the document does not hold stops the start with one line naming
 * the key.
 */
class OpenApiEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CREDENTIAL = "petstore-credential-e2e";

    @TempDir
    static Path workDir;

    private static final Map<String, String> ENV =
            Map.of("API_KEY_PETSTORE", CREDENTIAL, "MCP_HTTP_SCOPES", "services:petstore:read,services:petstore:write");

    private static FakeService petstore;
    private static Path configFile;
    private static HttpServerProcess server;

    static String document() {
        try (InputStream in = OpenApiEndToEndIT.class.getResourceAsStream("/openapi/petstore.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String config(String operations) {
        return """
                services:
                  petstore:
                    base-url: %s
                    description: The pet store
                    methods: [GET, POST]
                    openapi: openapi.yaml
                    openapi-operations: [%s]
                """.formatted(petstore.baseUrl(), operations);
    }

    @BeforeAll
    static void start() throws Exception {
        petstore = FakeService.start();
        petstore.on("GET health", json(200, "{}"))
                .on("GET openapi.yaml", text(200, "application/yaml", document()))
                .on("GET pets/p1", json(200, "{\"id\":\"p1\",\"name\":\"Rex\",\"status\":\"sold\"}"))
                .on("POST pets", json(201, "{\"id\":\"p2\",\"name\":\"Tom\"}"));
        configFile = Files.writeString(workDir.resolve("bulwark.yaml"), config("listPets, getPet, createPet"));
        server = HttpServerProcess.start(workDir, ENV, "--config", configFile.toString());
    }

    private static McpSyncClient client(HttpServerProcess server) {
        var transport = HttpClientStreamableHttpTransport.builder(server.mcpUrl())
                .endpoint("/mcp")
                .jsonMapper(new JacksonMcpJsonMapper(JSON))
                .build();
        return McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(30))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (petstore != null) {
            petstore.close();
        }
    }

    @Test
    void theOperationsAreTypedToolsThatReachTheServiceWithItsCredentialIn2025() {
        McpSyncClient client = client(server);
        try {
            client.initialize();
            Map<String, McpSchema.Tool> tools = new java.util.HashMap<>();
            client.listTools().tools().forEach(tool -> tools.put(tool.name(), tool));
            CallToolResult found = client.callTool(CallToolRequest.builder("petstore_getPet")
                    .arguments(Map.of("petId", "p1"))
                    .build());
            CallToolResult created = client.callTool(CallToolRequest.builder("petstore_createPet")
                    .arguments(Map.of("body", Map.of("name", "Tom", "kind", Map.of("type", "dog", "goodBoy", true))))
                    .build());
            CallToolResult escaping = client.callTool(CallToolRequest.builder("petstore_getPet")
                    .arguments(Map.of("petId", "../admin"))
                    .build());

            assertThat(tools)
                    .containsKeys("petstore_listPets", "petstore_getPet", "petstore_createPet")
                    .doesNotContainKey("petstore_deletePet");
            JsonNode listSchema =
                    JSON.valueToTree(tools.get("petstore_listPets").inputSchema());
            assertThat(listSchema.path("properties").has("limit")).isTrue();
            assertThat(listSchema.path("properties").has("Authorization")).isFalse();
            assertThat(found.isError()).isFalse();
            assertThat(JSON.valueToTree(found.structuredContent())
                            .path("json")
                            .path("name")
                            .asText())
                    .isEqualTo("Rex");
            assertThat(created.isError()).isFalse();
            assertThat(JSON.valueToTree(created.structuredContent())
                            .path("status")
                            .asInt())
                    .isEqualTo(201);
            assertThat(escaping.isError()).isTrue();
        } finally {
            client.closeGracefully();
        }
        assertThat(petstore.hits("POST pets")).isEqualTo(1);
        assertThat(petstore.requests())
                .noneSatisfy(request -> assertThat(request.path()).contains("admin"));
        assertThat(petstore.requests())
                .filteredOn(request -> request.path().startsWith("/api/pets"))
                .isNotEmpty()
                .allSatisfy(request ->
                        assertThat(request.headers()).containsEntry("Authorization", "Bearer " + CREDENTIAL));
    }

    @Test
    void theOperationsAreTypedToolsOfAStatelessServerIn2025() throws Exception {
        Path dir = Files.createDirectories(workDir.resolve("stateless"));
        int before = petstore.hits("GET pets/p1");
        try (HttpServerProcess stateless =
                HttpServerProcess.start(dir, ENV, "--config", configFile.toString(), "--http-mode", "stateless")) {
            McpSyncClient client = client(stateless);
            try {
                client.initialize();
                Map<String, McpSchema.Tool> tools = new java.util.HashMap<>();
                client.listTools().tools().forEach(tool -> tools.put(tool.name(), tool));
                CallToolResult found = client.callTool(CallToolRequest.builder("petstore_getPet")
                        .arguments(Map.of("petId", "p1"))
                        .build());
                CallToolResult invalid = client.callTool(CallToolRequest.builder("petstore_listPets")
                        .arguments(Map.of("limit", 0))
                        .build());

                assertThat(tools)
                        .containsKeys("petstore_listPets", "petstore_getPet", "petstore_createPet")
                        .doesNotContainKey("petstore_deletePet");
                assertThat(JSON.valueToTree(tools.get("petstore_getPet").outputSchema())
                                .path("properties")
                                .path("json")
                                .path("$ref")
                                .asText())
                        .isEqualTo("#/$defs/Pet");
                assertThat(found.isError()).isFalse();
                assertThat(JSON.valueToTree(found.structuredContent())
                                .path("json")
                                .path("name")
                                .asText())
                        .isEqualTo("Rex");
                assertThat(invalid.isError()).isTrue();
            } finally {
                client.closeGracefully();
            }
        }
        assertThat(petstore.hits("GET pets/p1")).isEqualTo(before + 1);
    }

    @Test
    void theOperationToolAnswersAStatelessCallIn2026() {
        HttpResponse<String> response = server.post(
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"petstore_getPet\",\"arguments\":{\"petId\":\"p1\"},\"_meta\":{"
                        + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                        + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}",
                Map.of(
                        "MCP-Protocol-Version",
                        "2026-07-28",
                        "Mcp-Method",
                        "tools/call",
                        "Mcp-Name",
                        "petstore_getPet"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"id\":7", "\"status\":200", "Rex", "untrusted")
                .doesNotContain(CREDENTIAL);
    }

    @Test
    void operationsTheDocumentsDoNotHoldStopTheStartInOneReportNamingEachKey() throws Exception {
        Path dir = Files.createDirectories(workDir.resolve("refused"));
        Path file = Files.writeString(dir.resolve("shop.yaml"), document());
        Path config = Files.writeString(
                dir.resolve("bulwark.yaml"), config("listPets, adoptPet") + """
                          shop:
                            base-url: %s
                            description: The shop
                            openapi: file:%s
                            openapi-operations: [sellPet]
                        """.formatted(petstore.baseUrl(), file));
        Path jar = Path.of(System.getProperty("bulwark.server.jar", "target/bulwark-server.jar"))
                .toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx96m",
                "-jar",
                jar.toString(),
                "--config",
                config.toString()));
        Process process = new ProcessBuilder(command)
                .redirectError(dir.resolve("stderr.txt").toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        process.getOutputStream().close();

        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("the server exits by itself")
                .isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("stderr.txt")))
                .contains("invalid configuration (2 problems)")
                .contains("services.petstore.openapi-operations (file " + config + ", line ")
                .contains("'adoptPet' matches no operation")
                .contains("services.shop.openapi-operations (file " + config + ", line ")
                .contains("'sellPet' matches no operation")
                .doesNotContain("\tat ");
    }
}
