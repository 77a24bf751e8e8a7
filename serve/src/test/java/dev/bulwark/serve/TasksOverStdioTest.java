package dev.bulwark.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCancelledException;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Tasks extension of the 2026 era over one stdio session of a real Bulwark server. */
class TasksOverStdioTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}}";
    /** How long a test polls with tasks/get before it gives up on a task that should have ended. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    record JobInput(
            @ToolParam(description = "Which gate the job waits at")
            String gate) {}

    /** The gates the jobs wait at, by name: a test opens one to let its job end. */
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

    private final AtomicInteger ids = new AtomicInteger();
    private Bulwark bulwark;
    private BulwarkStdio stdio;
    private OutputStream clientToServer;
    private BufferedReader serverToClient;

    private CountDownLatch gate(String name) {
        return gates.computeIfAbsent(name, key -> new CountDownLatch(1));
    }

    @BeforeEach
    void start() throws IOException {
        bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .tool(Tool.builder("job", JobInput.class, Void.class)
                        .description("Waits at its gate until it opens or the job is cancelled")
                        .taskSupport(Tool.TaskSupport.OPTIONAL)
                        .handler((input, context) -> {
                            CountDownLatch gate = gate(input.gate());
                            try {
                                while (!gate.await(20, TimeUnit.MILLISECONDS)) {
                                    if (context.isCancelled()) {
                                        throw new ToolCancelledException("job");
                                    }
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new ToolCancelledException("job");
                            }
                            return ToolResult.text("passed " + input.gate());
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
        gates.values().forEach(CountDownLatch::countDown);
        clientToServer.close();
        stdio.awaitClientClose();
        stdio.close();
        bulwark.close();
    }

    @Test
    void aTaskIsCreatedAndPolledWithTasksGetUntilItCompletes() throws IOException {
        String taskId = createTask("a");

        JsonNode working = tasksGet(taskId);
        assertThat(working.path("status").asText()).as(working.toString()).isEqualTo("working");
        assertThat(working.path("resultType").asText()).isEqualTo("complete");
        gate("a").countDown();
        JsonNode polled = pollWhileWorking(taskId);

        assertThat(polled.path("status").asText()).as(polled.toString()).isEqualTo("completed");
        assertThat(polled.path("result").path("content").path(0).path("text").asText())
                .isEqualTo("passed a");
    }

    @Test
    void aCancelledTaskStaysCancelledWhileAnotherRunsOn() throws IOException {
        String cancelled = createTask("never");
        String other = createTask("b");

        JsonNode acknowledged = request("tasks/cancel", "\"taskId\":\"" + cancelled + "\"");
        assertThat(acknowledged.path("result").path("resultType").asText())
                .as(acknowledged.toString())
                .isEqualTo("complete");

        assertThat(tasksGet(cancelled).path("status").asText()).isEqualTo("cancelled");
        assertThat(tasksGet(other).path("status").asText()).isEqualTo("working");
        gate("never").countDown(); // the job ends anyway: the task stays as it was cancelled
        gate("b").countDown();
        JsonNode polled = pollWhileWorking(other);
        assertThat(polled.path("status").asText()).isEqualTo("completed");
        assertThat(tasksGet(cancelled).path("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void aListenerNamingItsTaskIsToldWhenItCompletesOnTheSameSession() throws IOException {
        String taskId = createTask("c");
        String subscription = "sub-" + ids.incrementAndGet();
        send("{\"jsonrpc\":\"2.0\",\"id\":\"" + subscription + "\",\"method\":\"subscriptions/listen\",\"params\":{"
                + "\"notifications\":{\"taskIds\":[\"" + taskId + "\"]}," + META + "}}");
        JsonNode acknowledged = JSON.readTree(serverToClient.readLine());
        assertThat(acknowledged.path("method").asText()).isEqualTo("notifications/subscriptions/acknowledged");
        assertThat(acknowledged.path("params").path("notifications").path("taskIds"))
                .isEqualTo(JSON.readTree("[\"" + taskId + "\"]"));

        gate("c").countDown();
        JsonNode told = JSON.readTree(serverToClient.readLine());

        assertThat(told.path("method").asText()).as(told.toString()).isEqualTo("notifications/tasks");
        assertThat(told.path("params").path("taskId").asText()).isEqualTo(taskId);
        assertThat(told.path("params").path("status").asText()).isEqualTo("completed");
        assertThat(told.path("params")
                        .path("_meta")
                        .path("io.modelcontextprotocol/subscriptionId")
                        .asText())
                .isEqualTo(subscription);
        assertThat(told.path("params")
                        .path("result")
                        .path("content")
                        .path(0)
                        .path("text")
                        .asText())
                .isEqualTo("passed c");
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"" + subscription
                + "\"}}");
    }

    private String createTask(String gate) throws IOException {
        JsonNode created = request("tools/call", "\"name\":\"job\",\"arguments\":{\"gate\":\"" + gate + "\"}");
        assertThat(created.path("result").path("resultType").asText())
                .as(created.toString())
                .isEqualTo("task");
        return created.path("result").path("taskId").asText();
    }

    /** Polls the task with tasks/get while it works, for up to {@link #PATIENCE}; its last state. */
    private JsonNode pollWhileWorking(String taskId) throws IOException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode polled = tasksGet(taskId);
        while (polled.path("status").asText().equals("working") && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            polled = tasksGet(taskId);
        }
        return polled;
    }

    private JsonNode tasksGet(String taskId) throws IOException {
        JsonNode answer = request("tasks/get", "\"taskId\":\"" + taskId + "\"");
        assertThat(answer.has("result")).as(answer.toString()).isTrue();
        return answer.path("result");
    }

    /** Sends a request and reads its answer: the next line, as nothing else is due on the session meanwhile. */
    private JsonNode request(String method, String params) throws IOException {
        int id = ids.incrementAndGet();
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":{" + params + "," + META
                + "}}");
        JsonNode answer = JSON.readTree(serverToClient.readLine());
        assertThat(answer.path("id").asInt()).as(answer.toString()).isEqualTo(id);
        return answer;
    }

    private void send(String line) throws IOException {
        clientToServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        clientToServer.flush();
    }
}
