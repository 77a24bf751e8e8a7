package dev.bulwark.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application with {@code bulwark.transport=stdio} in a child JVM on this test's class path, spoken to as an MCP
 * client speaks to it: every line it writes on stdout is a JSON-RPC message (no banner, no log line), the answers are
 * right, and closing its stdin ends it with exit code 0. Lines are read by a thread into a queue and taken with a
 * bound; nothing waits by sleeping.
 */
class OrdersStdioTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A JVM and a Spring context starting on a loaded machine: a bound, not an expected time. */
    private static final long START_BOUND_SECONDS = 120;

    private static final long ANSWER_BOUND_SECONDS = 30;
    private static final String END = "\u0000end of stdout";

    @TempDir
    Path directory;

    private Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final List<String> everyLine = new ArrayList<>();

    @AfterEach
    void stopTheChild() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void anMcpSessionOnStdinAndStdoutAnswersWithOnlyJsonRpcAndEndsWithExitCodeZeroWhenStdinCloses() throws Exception {
        Path stderr = directory.resolve("stderr.log");
        process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        OrdersApplication.class.getName(),
                        "--bulwark.transport=stdio")
                .redirectError(stderr.toFile())
                .start();
        Thread reader = new Thread(this::readStdout, "stdout-reader");
        reader.setDaemon(true);
        reader.start();
        OutputStream stdin = process.getOutputStream();

        send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"stdio-e2e\",\"version\":\"1.0\"}}}");
        JsonNode initialized = answer(1, START_BOUND_SECONDS, stderr);
        assertThat(initialized.path("result").path("protocolVersion").asText()).isEqualTo("2025-11-25");
        assertThat(initialized.path("result").path("serverInfo").path("name").asText())
                .isEqualTo("orders");
        assertThat(initialized.path("result").path("capabilities").has("tools")).isTrue();

        send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        JsonNode listed = answer(2, ANSWER_BOUND_SECONDS, stderr);
        List<String> names = new ArrayList<>();
        listed.path("result").path("tools").forEach(tool -> names.add(tool.path("name").asText()));
        assertThat(names).contains("order_status", "cancel_order");

        send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"order_status\",\"arguments\":{\"orderId\":\"A-1\"}}}");
        JsonNode called = answer(3, ANSWER_BOUND_SECONDS, stderr);
        assertThat(called.path("result").path("isError").asBoolean(false)).isFalse();
        assertThat(called.path("result").path("structuredContent").path("status").asText())
                .isEqualTo("shipped");

        stdin.close();
        assertThat(process.waitFor(ANSWER_BOUND_SECONDS, TimeUnit.SECONDS))
                .as("the process ends once stdin is closed; stderr:%n%s", tail(stderr))
                .isTrue();
        assertThat(process.exitValue()).as("exit code; stderr:%n%s", tail(stderr)).isZero();
        while (next(ANSWER_BOUND_SECONDS).filter(line -> !line.equals(END)).isPresent()) {
            // the rest of stdout, up to its end: each line is checked as it is taken
        }
        assertThat(everyLine).isNotEmpty().allSatisfy(line -> jsonRpc(line, stderr));
    }

    private void readStdout() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                stdout.add(line);
            }
        } catch (IOException e) {
            // the stream closed with the process: the end below says so
        } finally {
            stdout.add(END);
        }
    }

    private static void send(OutputStream stdin, String message) throws IOException {
        stdin.write((message + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** The response to {@code id}, skipping notifications; every line taken must be JSON-RPC. */
    private JsonNode answer(int id, long boundSeconds, Path stderr) throws Exception {
        while (true) {
            String line = next(boundSeconds)
                    .orElseThrow(() -> new AssertionError(
                            "no answer to request " + id + " within " + boundSeconds + "s; stderr:\n" + tail(stderr)));
            assertThat(line)
                    .as("stdout ended before the answer to request %d; stderr:%n%s", id, tail(stderr))
                    .isNotEqualTo(END);
            JsonNode message = jsonRpc(line, stderr);
            if (message.path("id").asInt(-1) == id) {
                return message;
            }
        }
    }

    /** The next stdout line within the bound, recorded unless it is the end mark; empty when none came. */
    private Optional<String> next(long boundSeconds) throws InterruptedException {
        String line = stdout.poll(boundSeconds, TimeUnit.SECONDS);
        if (line != null && !line.equals(END)) {
            everyLine.add(line);
        }
        return Optional.ofNullable(line);
    }

    /** The JSON-RPC message {@code line} holds; fails naming the line when it is anything else. */
    private static JsonNode jsonRpc(String line, Path stderr) {
        JsonNode message;
        try {
            message = JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("stdout line is not JSON: " + line + "\nstderr:\n" + tail(stderr), e);
        }
        assertThat(message.path("jsonrpc").asText()).as("stdout line %s", line).isEqualTo("2.0");
        return message;
    }

    private static String tail(Path file) {
        try {
            String text = Files.readString(file);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
