package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP Inspector's command line, pinned in {@code clients/inspector} (the version docs/quickstart.md names),
 * against the built server jar over stdio and HTTP: it fills numbers, booleans and objects from the tool input
 * schemas the server publishes, and the calls succeed. The Inspector turns a {@code --tool-arg} value that is JSON
 * into that JSON value; one that arrives as text (quoted, as the Inspector's form fields give it) it converts by the
 * property's schema {@code type}, which must therefore be the plain type, not a {@code null} union. Installed with
 * {@code npm ci} by a Node and an npm fetched from the npm registry; without the registry the test fails.
 */
class InspectorCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path workDir;

    private static PinnedNodePackages inspector;

    @BeforeAll
    static void installTheInspector() throws Exception {
        Path dir = Path.of(System.getProperty("bulwark.inspector.client.dir", "../clients/inspector"))
                .toAbsolutePath()
                .normalize();
        inspector = PinnedNodePackages.install(dir, workDir);
    }

    @Test
    void theInspectorSeesOptionalPropertiesWithThePlainTypeItFillsThemBy() throws Exception {
        JsonNode listed = inspect(stdioServer(), "--method", "tools/list");

        Map<String, JsonNode> schemas = new java.util.HashMap<>();
        listed.path("tools").forEach(tool -> schemas.put(tool.path("name").asText(), tool.path("inputSchema")));
        assertThat(schemas.get("list_users").at("/properties/limit/type").asText())
                .isEqualTo("integer");
        assertThat(schemas.get("process_data").at("/properties/schema/type").asText())
                .isEqualTo("object");
    }

    @Test
    void aNumberFillsListUsersLimitWhetherGivenAsJsonOrAsText() throws Exception {
        for (String limit : List.of("limit=5", "limit=\"5\"")) {
            JsonNode result =
                    inspect(stdioServer(), "--method", "tools/call", "--tool-name", "list_users", "--tool-arg", limit);

            assertSucceeded(result, limit);
            assertThat(result.at("/structuredContent/count").asInt(-1))
                    .as(limit)
                    .isZero();
        }
    }

    @Test
    void aBooleanFillsAnOptionalFlagWhetherGivenAsJsonOrAsText() throws Exception {
        Path testClasses = Path.of(FlagToolStdioServer.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> server =
                List.of(java(), "-cp", jar() + File.pathSeparator + testClasses, FlagToolStdioServer.class.getName());
        for (String loud : List.of("loud=true", "loud=\"true\"")) {
            JsonNode result = inspect(server, "--method", "tools/call", "--tool-name", "echo_flag", "--tool-arg", loud);

            assertSucceeded(result, loud);
            assertThat(result.at("/structuredContent/loud").asBoolean(false))
                    .as(loud)
                    .isTrue();
        }
    }

    @Test
    void objectsFillProcessDataDataAndSchemaWhetherGivenAsJsonOrAsText() throws Exception {
        String schema = "{\"type\":\"object\",\"required\":[\"a\"]}";
        for (String schemaArg : List.of("schema=" + schema, "schema=" + JSON.writeValueAsString(schema))) {
            JsonNode result = inspect(
                    stdioServer(),
                    "--method",
                    "tools/call",
                    "--tool-name",
                    "process_data",
                    "--tool-arg",
                    "data={\"a\":1,\"b\":[2,3]}",
                    "operation=validate",
                    schemaArg);

            assertSucceeded(result, schemaArg);
            assertThat(result.at("/structuredContent/valid").asBoolean(false))
                    .as(schemaArg)
                    .isTrue();
            assertThat(result.at("/structuredContent/schemaGiven").asBoolean(false))
                    .as(schemaArg)
                    .isTrue();
        }
    }

    @Test
    void overHttpANumberGivenAsTextFillsListUsersLimit() throws Exception {
        try (HttpServerProcess server = HttpServerProcess.start(workDir, Map.of(), "--http-scopes", "users:read")) {
            JsonNode result = inspect(
                    List.of(server.mcp().toString()),
                    "--transport",
                    "http",
                    "--method",
                    "tools/call",
                    "--tool-name",
                    "list_users",
                    "--tool-arg",
                    "limit=\"5\"");

            assertSucceeded(result, "list_users over HTTP");
            assertThat(result.at("/structuredContent/count").asInt(-1)).isZero();
        }
    }

    private static void assertSucceeded(JsonNode result, String call) {
        assertThat(result.path("isError").asBoolean(true))
                .as("%s: %s", call, result)
                .isFalse();
        assertThat(result.toString()).as(call).doesNotContain("invalid_arguments");
    }

    private static List<String> stdioServer() {
        return List.of(java(), "-jar", jar().toString());
    }

    /** Runs the Inspector's command line against {@code target}; returns the JSON it printed. */
    private static JsonNode inspect(List<String> target, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                inspector.node().toString(),
                inspector
                        .module("@modelcontextprotocol/inspector/cli/build/cli.js")
                        .toString(),
                "--cli"));
        command.addAll(target);
        command.addAll(List.of(options));
        PinnedNodePackages.Finished finished = inspector.run(command, workDir, Map.of(), CALL_TIMEOUT);

        assertThat(finished.exitCode())
                .as("the Inspector's exit code; stderr:%n%s", finished.stderr())
                .isZero();
        return JSON.readTree(finished.stdout());
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("bulwark.server.jar", "target/bulwark-server.jar"))
                .toAbsolutePath();
        assertThat(jar)
                .as("the shaded server jar is built before integration tests")
                .exists();
        return jar;
    }
}
