package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.redis.DeadPort;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as an operator meets it: exit codes, help, configuration errors, end of input and SIGTERM. */
class ServerProcessIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    @TempDir
    Path workDir;

    private Process start(Map<String, String> env, String... args) throws IOException {
        Path jar = Path.of(System.getProperty("bulwark.server.jar", "target/bulwark-server.jar"))
                .toAbsolutePath();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(workDir.resolve("stderr.txt").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    private static String readAll(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private String stderr() throws IOException {
        return Files.readString(workDir.resolve("stderr.txt"), StandardCharsets.UTF_8);
    }

    private static void send(OutputStream stdin, String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /**
     * The next message on stdout that has an id: an answer, or a request of the server's. Notifications (log lines,
     * progress) may come at any moment before it, however slowly the server runs, so they are passed over.
     */
    private static JsonNode readMessage(BufferedReader stdout) throws IOException {
        List<String> passedOver = new ArrayList<>();
        while (true) {
            String line = stdout.readLine();
            assertThat(line)
                    .as("a message with an id on stdout, after the notifications %s", passedOver)
                    .isNotNull();
            JsonNode message = JSON.readTree(line);
            if (message.has("id") || !message.has("method")) {
                return message;
            }
            passedOver.add(line);
        }
    }

    /** One exchange with an initialized session: the test's lines and what it reads back. */
    @FunctionalInterface
    private interface SessionExchange {
        void run(Process process, OutputStream stdin, BufferedReader stdout) throws Exception;
    }

    /** Starts the server over stdio, opens the session, runs {@code exchange}, ends input and waits for the exit. */
    private void withInitializedSession(SessionExchange exchange) throws Exception {
        withInitializedSession(Map.of(), exchange);
    }

    /** The same with {@code env} added to the server's environment; returns the process, which has exited. */
    private Process withInitializedSession(Map<String, String> env, SessionExchange exchange) throws Exception {
        Process process = start(env);
        try (OutputStream stdin = process.getOutputStream();
                BufferedReader stdout =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            send(stdin, INITIALIZE);
            assertThat(readMessage(stdout).path("id").asInt()).isEqualTo(1);
            send(stdin, INITIALIZED);
            exchange.run(process, stdin, stdout);
        } finally {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        return process;
    }

    @Test
    void helpListsOptionsAndExitsZero() throws Exception {
        Process process = start(Map.of(), "--help");
        String out = readAll(process);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(out).contains("--config", "--log-level", "MCP_LOG_LEVEL", "CACHE_TTL", "RATE_LIMIT");
    }

    @Test
    void invalidConfigurationReportsEveryErrorAndExitsTwoBeforeServing() throws Exception {
        Process process = start(Map.of("CACHE_TTL", "soon", "MCP_LOG_LEVEL", "LOUD"), "--no-such-flag");
        String out = readAll(process);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(out).as("nothing is served on stdout").isEmpty();
        assertThat(stderr()).contains("cache.ttl", "CACHE_TTL", "log.level", "--no-such-flag");
    }

    @Test
    void anOtlpHeadersVariableTheSdkCannotReadIsRefusedByNameWithoutAnyPartOfTheToken() throws Exception {
        Process process = start(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://127.0.0.1:9",
                "OTEL_EXPORTER_OTLP_HEADERS",
                "Authorization=Bearer%ZZs3cretTOKEN"));
        process.getOutputStream().close();
        String out = readAll(process);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(stderr()).isEqualTo(2);
        assertThat(out).isEmpty();
        assertThat(stderr())
                .contains("OTEL_EXPORTER_OTLP_HEADERS")
                .doesNotContain("tracing.endpoint")
                .doesNotContain("Bearer")
                .doesNotContain("%ZZ")
                .doesNotContain("s3cret")
                .doesNotContain("TOKEN");
    }

    @Test
    void theOpenTelemetrySdksLinesAboutAnUnreachableCollectorAreJsonLinesOfTheLog() throws Exception {
        Process process;
        try (DeadPort collector = new DeadPort()) {
            Map<String, String> env = Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT",
                    "http://127.0.0.1:" + collector.port(),
                    "OTEL_BSP_SCHEDULE_DELAY",
                    "50");
            process = withInitializedSession(env, (server, stdin, stdout) -> {
                send(
                        stdin,
                        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                                + "{\"name\":\"health_check\",\"arguments\":{}}}");
                assertThat(readMessage(stdout).path("id").asInt()).isEqualTo(2);
                awaitStderrOrExit(server, "Failed to export spans"); // the SDK's SEVERE line, through JUL
            });
        }

        assertThat(process.exitValue()).isZero();
        List<String> lines = stderr().lines().toList();
        for (String line : lines) {
            assertThat(JSON.readTree(line).has("level"))
                    .as("stderr line %s", line)
                    .isTrue();
        }
        assertThat(lines)
                .anySatisfy(line ->
                        assertThat(JSON.readTree(line).path("message").asText()).startsWith("Failed to export spans"));
    }

    @Test
    void malformedLineGetsParseErrorAndTheNextRequestIsServed() throws Exception {
        withInitializedSession((process, stdin, stdout) -> {
            send(stdin, "{this is not json");
            JsonNode parseError = readMessage(stdout);
            assertThat(parseError.path("error").path("code").asInt()).isEqualTo(-32700);
            // two messages on one line: Jackson alone read the first and dropped the second unanswered
            send(
                    stdin,
                    "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"} "
                            + "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\"}");
            assertThat(readMessage(stdout).path("error").path("code").asInt()).isEqualTo(-32700);

            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            JsonNode tools = readMessage(stdout);
            assertThat(tools.path("id").asInt()).isEqualTo(2);
            assertThat(tools.path("result").path("tools").size()).isGreaterThanOrEqualTo(4);
        });
    }

    @Test
    void requestWhoseParamsDoNotFitGetsInvalidParamsWithoutJavaTypesAndTheNextRequestIsServed() throws Exception {
        withInitializedSession((process, stdin, stdout) -> {
            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":\"x\"}");
            JsonNode refused = readMessage(stdout);

            assertThat(refused.path("id").asInt()).isEqualTo(2);
            assertThat(refused.path("error").path("code").asInt()).isEqualTo(-32602);
            assertThat(refused.path("error").path("message").asText())
                    .isEqualTo("Invalid params for tools/call: params must be a JSON object");
            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}");
            assertThat(readMessage(stdout).path("id").asInt()).isEqualTo(3);
        });
    }

    @Test
    void whatAClientSendsInMessagesTheServerDoesNotHandleStaysOutOfTheLog() throws Exception {
        withInitializedSession((process, stdin, stdout) -> {
            send(
                    stdin,
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/vendor\","
                            + "\"params\":{\"pw\":\"client-secret-1\"}}");
            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":\"client-secret-2\",\"result\":{}}");
            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
            assertThat(readMessage(stdout).path("id").asInt()).isEqualTo(2);
        });

        assertThat(stderr()).doesNotContain("client-secret");
    }

    @Test
    void endOfInputShutsDownCleanlyWithExitCodeZero() throws Exception {
        Process process = start(Map.of());
        try (OutputStream stdin = process.getOutputStream()) {
            send(stdin, INITIALIZE);
        }
        String out = readAll(process);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(out).contains("\"id\":1");
        assertThat(stderr()).contains("Bulwark server stopped");
    }

    @Test
    void sigtermShutsDownCleanlyWithExitCodeZero() throws Exception {
        Process process = start(Map.of());
        OutputStream stdin = process.getOutputStream();
        BufferedReader stdout =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        send(stdin, INITIALIZE);
        assertThat(readMessage(stdout).path("id").asInt()).isEqualTo(1);

        process.toHandle().destroy(); // SIGTERM, leaving stdin open (Process.destroy would also close it)

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(stderr()).contains("Termination signal", "Bulwark server stopped");
        stdin.close();
    }

    private static final String INITIALIZE_WITH_SAMPLING =
            INITIALIZE.replace("\"capabilities\":{}", "\"capabilities\":{\"sampling\":{}}");
    private static final String CALL_SAMPLING_TOOL = "{\"jsonrpc\":\"2.0\",\"id\":300,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"test_sampling\",\"arguments\":{\"prompt\":\"hi\"}}}";

    @Test
    void endOfInputWhileACallWaitsForTheClientsAnswerEndsThatCallAtOnceAndExitsZero() throws Exception {
        // The tool (and so the wait for the client) may take minutes: only ending the wait lets the server exit now.
        Process process = start(Map.of(), "--conformance-tools", "--tool-timeout", "5m");
        BufferedReader stdout =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try (OutputStream stdin = process.getOutputStream()) {
            send(stdin, INITIALIZE_WITH_SAMPLING);
            assertThat(readMessage(stdout).path("id").asInt()).isEqualTo(1);
            send(stdin, INITIALIZED);
            send(stdin, CALL_SAMPLING_TOOL);
            JsonNode question = readMessage(stdout);
            assertThat(question.path("method").asText())
                    .as("the server's question, not %s", question)
                    .isEqualTo("sampling/createMessage");
        }
        JsonNode answer = readMessage(stdout);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(answer.path("id").asInt()).isEqualTo(300);
        assertThat(answer.path("result").path("isError").asBoolean()).isTrue();
        assertThat(answer.toString()).contains("closed its input");
    }

    @Test
    void sigtermWhileACallWaitsForTheClientsAnswerStillTakesTheAnswerAndRefusesNewRequests() throws Exception {
        Process process = start(Map.of(), "--conformance-tools");
        OutputStream stdin = process.getOutputStream();
        BufferedReader stdout =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            send(stdin, INITIALIZE_WITH_SAMPLING);
            assertThat(readMessage(stdout).path("id").asInt()).isEqualTo(1);
            send(stdin, INITIALIZED);
            send(stdin, CALL_SAMPLING_TOOL);
            JsonNode question = readMessage(stdout);
            assertThat(question.path("method").asText())
                    .as("the server's question, not %s", question)
                    .isEqualTo("sampling/createMessage");

            process.toHandle().destroy(); // SIGTERM, leaving stdin open
            awaitStderrOrExit(process, "Termination signal");
            JsonNode refused;
            int pingId = 300;
            do { // the hook logs the signal just before it ends the session: poll until pings are refused
                pingId++;
                send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":" + pingId + ",\"method\":\"ping\"}");
                refused = readMessage(stdout);
            } while (refused.has("result") && pingId < 400 && pause());
            send(
                    stdin,
                    "{\"jsonrpc\":\"2.0\",\"id\":" + question.path("id") + ",\"result\":{\"role\":\"assistant\","
                            + "\"content\":{\"type\":\"text\",\"text\":\"hello\"},\"model\":\"m\"}}");
            JsonNode answer = readMessage(stdout);

            assertThat(refused.path("id").asInt()).isEqualTo(pingId);
            assertThat(refused.path("error").path("code").asInt()).isEqualTo(-32000);
            assertThat(refused.path("error").path("message").asText()).contains("shutting down");
            assertThat(answer.path("id").asInt()).isEqualTo(300);
            assertThat(answer.path("result").path("isError").asBoolean()).isFalse();
            assertThat(answer.toString()).contains("hello");
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        } finally {
            stdin.close();
            process.destroyForcibly();
        }
    }

    @Test
    void sigtermWhileTheConfigurationIsStillBeingReadEndsWithExitCodeZeroBeforeServing() throws Exception {
        // The config file is a named pipe: the server blocks reading it until the test has sent SIGTERM.
        Path config = workDir.resolve("bulwark.yaml");
        Assumptions.assumeTrue(mkfifo(config), "mkfifo is available");
        Process process = start(Map.of(), "--config", config.toString());
        CompletableFuture<OutputStream> opened = CompletableFuture.supplyAsync(() -> openForWriting(config));
        try {
            try (OutputStream writer = opened.get(60, TimeUnit.SECONDS)) { // the server is reading the config file
                process.toHandle().destroy(); // SIGTERM, leaving stdin open
                awaitStderrOrExit(process, "Termination signal");
                writer.write("server:\n  name: early\n".getBytes(StandardCharsets.UTF_8));
            }

            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(stderr())
                    .contains("stopped before serving")
                    .doesNotContain("serving MCP")
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ");
        } finally {
            if (!opened.isDone()) {
                try (InputStream release = Files.newInputStream(config)) {
                    // meets the blocked writer, so its thread ends
                }
            }
            process.destroyForcibly();
            process.getOutputStream().close();
        }
    }

    @Test
    void sigtermWhileHashingAKeyEndsTheCommandAtOnceAndNotAsASuccess() throws Exception {
        Process process = start(Map.of(), "--hash-api-key"); // waits for the key on stdin, left open
        try {
            awaitMainThreadIn(process, "ApiKeyCommands.run");
            process.toHandle().destroy();

            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as("ended at once, not after the 45 s drain")
                    .isTrue();
            assertThat(process.exitValue()).isEqualTo(143);
        } finally {
            process.destroyForcibly();
            process.getOutputStream().close();
        }
    }

    private static boolean mkfifo(Path path) throws InterruptedException {
        try {
            return new ProcessBuilder("mkfifo", path.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static OutputStream openForWriting(Path fifo) {
        try {
            return Files.newOutputStream(fifo); // blocks until a reader opens the pipe
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(50);
        return true;
    }

    /** Polls the process's thread dump ({@code jcmd}, for at most 30 s) until its main thread is in {@code method}. */
    private static void awaitMainThreadIn(Process process, String method) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String dump = "";
        while (process.isAlive() && System.nanoTime() < deadline) {
            Process threads = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true)
                    .start();
            dump = new String(threads.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            threads.waitFor();
            String main = dump.contains("\"main\"") ? dump.substring(dump.indexOf("\"main\"")) : "";
            main = main.contains("\n\n") ? main.substring(0, main.indexOf("\n\n")) : main;
            if (main.contains(method)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server's main thread never reached " + method + ": " + dump);
    }

    private void awaitStderrOrExit(Process process, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (process.isAlive() && !stderr().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
