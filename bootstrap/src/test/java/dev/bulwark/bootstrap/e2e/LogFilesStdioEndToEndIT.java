package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code bulwark-server.jar} over stdio with both log files on and a tiny {@code log.file-max-size}, so
 * the files roll while it serves: the protocol's stdout carries nothing but JSON-RPC messages, stderr still has
 * every line, the log file (and its compressed rolled files) the diagnostic lines, and the audit file the audit
 * lines alone. Stdout and stderr are copied through {@code tee} as in {@link StdioEndToEndIT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogFilesStdioEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper STRICT_JSON =
            new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final int CALLS = 20;

    @TempDir
    static Path workDir;

    private static Path logs;
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
        logs = workDir.resolve("logs");
        stdoutCopy = workDir.resolve("stdout.jsonl");
        stderrCopy = workDir.resolve("stderr.jsonl");
        ServerParameters server = ServerParameters.builder("bash")
                .args(
                        "-c",
                        "\"$0\" -jar \"$1\" --log-file \"$4/server.log\" --log-file-max-size 1KiB"
                                + " 2>\"$2\" | tee \"$3\"",
                        java,
                        jar.toString(),
                        stderrCopy.toString(),
                        stdoutCopy.toString(),
                        logs.toString())
                .env(Map.of("MCP_AUDIT_FILE", logs.resolve("audit/audit.log").toString()))
                .build();
        client = StdioClients.of(server);
        client.initialize();
    }

    /**
     * Closes the client, then waits for the server JVM to exit: it runs under {@code bash}, so closing the client
     * ends {@code bash} at once while the JVM still writes its shutdown lines (and may roll a file) into the
     * temporary directory that JUnit deletes next.
     */
    @AfterAll
    static void stopServer() throws Exception {
        if (logs == null) {
            return;
        }
        List<ProcessHandle> servers = ProcessHandle.allProcesses()
                .filter(process -> process.info().arguments().stream()
                        .flatMap(Stream::of)
                        .anyMatch(argument -> argument.contains(logs.toString())))
                .toList();
        if (client != null) {
            client.closeGracefully();
        }
        for (ProcessHandle server : servers) {
            try {
                server.onExit().get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                server.destroyForcibly();
                server.onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @Order(1)
    void toolCallsAreServed() {
        for (int i = 0; i < CALLS; i++) {
            CallToolResult result = client.callTool(CallToolRequest.builder("process_data")
                    .arguments(Map.of("data", Map.of("n", i), "operation", "analyze"))
                    .build());
            assertThat(result.isError()).isFalse();
        }
    }

    @Test
    @Order(2)
    void theAuditFileHoldsEveryCallsAuditLineAndNothingElse() {
        Path audit = logs.resolve("audit/audit.log");
        // it rolls too (log.file-max-size is for both files): its lines are in its rolled files and in it
        await(() -> compressed(audit) && linesWithArchives(audit).size() == CALLS, "the audit lines in " + audit);

        assertThat(archives(audit)).as("rolled audit files").isNotEmpty();
        assertThat(linesWithArchives(audit)).hasSize(CALLS).allSatisfy(line -> {
            assertThat(line.path("logger").asText()).isEqualTo("dev.bulwark.audit");
            assertThat(line.path("tool").asText()).isEqualTo("process_data");
            assertThat(line.path("outcome").asText()).isEqualTo("success");
        });
    }

    @Test
    @Order(3)
    void theLogFileHoldsTheDiagnosticLinesRolledAndCompressedAndNoAuditLine() {
        Path file = logs.resolve("server.log");
        await(() -> !archives(file).isEmpty() && compressed(file), "rolled and compressed files of " + file);

        List<JsonNode> lines = linesWithArchives(file);
        assertThat(lines)
                .extracting(line -> line.path("message").asText())
                .contains("Bulwark server serving MCP over stdio");
        assertThat(lines).allSatisfy(line -> assertThat(line.has("level")).isTrue());
        assertThat(auditLines(lines))
                .as("audit lines go to the audit file only")
                .isEmpty();
    }

    @Test
    @Order(4)
    void stderrStillHasEveryStream() {
        await(() -> auditLines(linesOf(stderrCopy)).size() == CALLS, "the audit lines on stderr");
        List<JsonNode> lines = linesOf(stderrCopy);

        assertThat(lines)
                .extracting(line -> line.path("message").asText())
                .contains("Bulwark server serving MCP over stdio");
        assertThat(auditLines(lines)).hasSize(CALLS);
    }

    @Test
    @Order(5)
    void stdoutCarriesOnlyJsonRpcMessages() throws IOException {
        List<String> lines = Files.readAllLines(stdoutCopy, StandardCharsets.UTF_8);

        assertThat(lines).hasSizeGreaterThan(CALLS);
        for (String line : lines) {
            assertThat(JSON.readTree(line).path("jsonrpc").asText())
                    .as("stdout line %s", line)
                    .isEqualTo("2.0");
        }
    }

    private static List<JsonNode> auditLines(List<JsonNode> lines) {
        return lines.stream()
                .filter(line -> line.path("logger").asText().equals("dev.bulwark.audit"))
                .toList();
    }

    /** The rolled files of {@code file}, {@code <file>.<yyyy-MM-dd>.<n>.gz}, oldest first. */
    private static List<Path> archives(Path file) {
        Pattern archive =
                Pattern.compile(Pattern.quote(file.getFileName().toString()) + "\\.\\d{4}-\\d\\d-\\d\\d\\.(\\d+)\\.gz");
        try (Stream<Path> files = Files.list(file.getParent())) {
            return files.map(path -> archive.matcher(path.getFileName().toString()))
                    .filter(Matcher::matches)
                    .sorted(Comparator.comparingInt(matcher -> Integer.parseInt(matcher.group(1))))
                    .map(matcher -> file.resolveSibling(matcher.group()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether Logback has compressed every rolled file: it compresses a renamed {@code .tmp} copy, then deletes it. */
    private static boolean compressed(Path file) {
        try (Stream<Path> files = Files.list(file.getParent())) {
            return files.noneMatch(path -> path.getFileName().toString().endsWith(".tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of {@code file}'s rolled files, oldest first, then its own. */
    private static List<JsonNode> linesWithArchives(Path file) {
        List<JsonNode> lines = new ArrayList<>();
        archives(file).forEach(archive -> lines.addAll(gunzipped(archive)));
        if (Files.exists(file)) {
            lines.addAll(linesOf(file));
        }
        return lines;
    }

    /** The JSON lines of {@code file}, each parsed strictly (a field twice is an error). */
    private static List<JsonNode> linesOf(Path file) {
        try {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lines.add(STRICT_JSON.readTree(line));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> gunzipped(Path archive) {
        List<JsonNode> lines = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive));
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(STRICT_JSON.readTree(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /**
     * Polls for what the server's background writers and Logback's compression produce, for at most 10 s; a file
     * read while it is still being written (a rolled file half compressed) counts as not there yet.
     */
    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!holds(condition)) {
            assertThat(System.nanoTime()).as("waited for %s", what).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static boolean holds(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (UncheckedIOException e) {
            return false;
        }
    }
}
