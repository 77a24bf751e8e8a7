package dev.bulwark.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tasks of the 2025-11-25 session era over one stdio session of a real Bulwark server: the transport hands the
 * task requests to the core before the SDK's session, which knows none of them.
 */
class SessionTasksOverStdioTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record JobInput(@ToolParam(description = "Ignored") String note) {}

    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger ids = new AtomicInteger();
    /** The notifications read while waiting for an answer. */
    private final List<JsonNode> notifications = new ArrayList<>();

    private Bulwark bulwark;
    private BulwarkStdio stdio;
    private OutputStream clientToServer;
    private BufferedReader serverToClient;

    @BeforeEach
    void start() throws IOException {
        bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .tool(Tool.builder("job", JobInput.class, Void.class)
                        .description("Waits until the test opens its gate")
                        .taskSupport(Tool.TaskSupport.OPTIONAL)
                        .handler((input, context) -> {
                            try {
                                gate.await(60, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return ToolResult.text("job done");
                        })
                        .build())
                .build();
        Pipe serverInPipe = Pipe.open();
        InputStream serverIn = Channels.newInputStream(serverInPipe.source());
        clientToServer = Channels.newOutputStream(serverInPipe.sink());
        Pipe clientInPipe = Pipe.open();
        InputStream clientIn = Channels.newInputStream(clientInPipe.source());
        OutputStream serverOut = Channels.newOutputStream(clientInPipe.sink());
        serverToClient = new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.UTF_8));
        stdio = BulwarkStdio.start(bulwark, serverIn, serverOut);
    }

    @AfterEach
    void stop() throws IOException {
        gate.countDown();
        clientToServer.close();
        stdio.awaitClientClose();
        stdio.close();
        bulwark.close();
    }

    @Test
    void aSessionTaskIsDeclaredCreatedAndAnsweredWithItsResult() throws IOException {
        JsonNode initialized = request(
                "initialize",
                "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}");
        assertThat(initialized
                        .path("result")
                        .path("capabilities")
                        .path("tasks")
                        .path("requests")
                        .isObject())
                .as(initialized.toString())
                .isTrue();
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        JsonNode listed = request("tools/list", "{}");
        assertThat(listed.path("result")
                        .path("tools")
                        .path(0)
                        .path("execution")
                        .path("taskSupport")
                        .asText())
                .as(listed.toString())
                .isEqualTo("optional");

        JsonNode created =
                request("tools/call", "{\"name\":\"job\",\"arguments\":{\"note\":\"n\"},\"task\":{\"ttl\":60000}}");
        JsonNode task = created.path("result").path("task");
        assertThat(task.path("status").asText()).as(created.toString()).isEqualTo("working");
        String taskId = task.path("taskId").asText();
        assertThat(request("tasks/get", "{\"taskId\":\"" + taskId + "\"}")
                        .path("result")
                        .path("status")
                        .asText())
                .isEqualTo("working");

        int resultId = send("tasks/result", "{\"taskId\":\"" + taskId + "\"}");
        gate.countDown();
        JsonNode result = answerTo(resultId);

        assertThat(result.path("result").path("content").path(0).path("text").asText())
                .as(result.toString())
                .isEqualTo("job done");
        assertThat(result.path("result")
                        .path("_meta")
                        .path("io.modelcontextprotocol/related-task")
                        .path("taskId")
                        .asText())
                .isEqualTo(taskId);
        assertThat(request("tasks/get", "{\"taskId\":\"" + taskId + "\"}")
                        .path("result")
                        .path("status")
                        .asText())
                .isEqualTo("completed");
        // The status notification may follow the last answer on the wire: wait for it, rather than for a time.
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> awaitNotification("notifications/tasks/status"));
    }

    /** Reads lines until a notification of {@code method} has been read, keeping the others read meanwhile. */
    private void awaitNotification(String method) throws IOException {
        while (notifications.stream()
                .noneMatch(told -> told.path("method").asText().equals(method))) {
            String line = serverToClient.readLine();
            assertThat(line)
                    .as("the server's output ended before a " + method + " notification")
                    .isNotNull();
            notifications.add(JSON.readTree(line));
        }
    }

    private JsonNode request(String method, String params) throws IOException {
        return answerTo(send(method, params));
    }

    private int send(String method, String params) throws IOException {
        int id = ids.incrementAndGet();
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
        return id;
    }

    /** Reads lines until the answer to {@code id}, keeping the notifications read meanwhile. */
    private JsonNode answerTo(int id) throws IOException {
        while (true) {
            String line = serverToClient.readLine();
            assertThat(line)
                    .as("the server's output ended before the answer to " + id)
                    .isNotNull();
            JsonNode message = JSON.readTree(line);
            if (message.has("id") && message.path("id").asInt() == id && !message.has("method")) {
                return message;
            }
            notifications.add(message);
        }
    }

    private void send(String line) throws IOException {
        clientToServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        clientToServer.flush();
    }
}
