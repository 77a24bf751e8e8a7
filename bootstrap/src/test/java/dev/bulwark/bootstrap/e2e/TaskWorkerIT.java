package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.redis.EmbeddedRedis;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task worker ({@code --worker}) from the built jar on a real Redis: a server instance accepts a task that waits in
 * the shared queue (its tool's one slot is taken), is stopped, and the worker, which serves no MCP port, runs the
 * task to its end; a server started afterwards reads its result.
 */
class TaskWorkerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "2026-07-28";
    private static final String TASKS = "io.modelcontextprotocol/tasks";
    private static final String OWNER_KEY = ApiKeys.newKey();
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path workDir;

    private final AtomicLong ids = new AtomicLong();
    private final List<HttpServerProcess> started = new ArrayList<>();
    private EmbeddedRedis redis;

    @AfterEach
    void stop() {
        try {
            for (HttpServerProcess process : started) {
                if (process.process.isAlive()) {
                    process.process.destroyForcibly();
                }
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Test
    void aTaskQueuedByAStoppedServerIsRunByTheWorker() throws Exception {
        redis = EmbeddedRedis.start();
        Path keys = Files.writeString(
                workDir.resolve("api-keys.json"),
                "{\"keys\": [{\"subject\": \"task-owner\", \"scopes\": [\"tools:read\"], \"hash\": \""
                        + ApiKeys.hashOf(OWNER_KEY) + "\"}]}");
        Map<String, String> env = Map.of("REDIS_URL", redis.url());
        String[] args = {
            "--conformance-tools",
            "--api-keys-file",
            keys.toString(),
            "--tasks-lease",
            "3000ms",
            "--tasks-heartbeat",
            "500ms",
            "--max-concurrent-calls-per-tool",
            "1"
        };
        HttpServerProcess server = track(HttpServerProcess.start(workDir, env, args));
        server.awaitRedisBreakerClosed();

        // the tool's one slot on the server: taken for ten minutes
        startSlowCompute(server, 600, "holds-the-slot");
        // taken by the server as it is offered, and waits there for the slot
        String waiting = startSlowCompute(server, 1, "waits-on-the-server");
        assertThat(result(request(server, "tasks/get", waiting, taskParams(waiting)))
                        .path("statusMessage")
                        .asText())
                .startsWith("Waiting for a slot");
        // the server takes nothing more while a task waits there: this one stays in the shared queue
        String queued = startSlowCompute(server, 1, "queued");
        assertThat(result(request(server, "tasks/get", queued, taskParams(queued)))
                        .path("status")
                        .asText())
                .isEqualTo("working");

        assertThat(server.terminate(GENEROUS)).as("the server stops cleanly").isZero();

        HttpServerProcess worker = track(HttpServerProcess.startWorker(workDir, env, args));
        assertThat(worker.stderrText())
                .contains("\"mode\":\"worker\"")
                .contains("no MCP port")
                .doesNotContain("Streamable HTTP at /mcp");
        // the queued task, and the one that waited on the server for a slot: the server handed it back as it stopped
        awaitMetric(
                worker,
                line -> line.startsWith("mcp_tool_calls_total{")
                        && line.contains("outcome=\"success\"")
                        && line.contains("tool=\"slow_compute\"")
                        && line.endsWith(" 2.0"),
                "the worker runs the queued task and the one handed back");

        // started once the worker has run it: this server reads the task, it did not run it
        HttpServerProcess reader = track(HttpServerProcess.start(workDir, env, args));
        JsonNode task = result(request(reader, "tasks/get", queued, taskParams(queued)));
        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("completed");
        assertThat(task.path("result").toString()).contains("Computed queued in 1 s");
        JsonNode handedBack = result(request(reader, "tasks/get", waiting, taskParams(waiting)));
        assertThat(handedBack.path("status").asText()).as(handedBack.toString()).isEqualTo("completed");
        assertThat(handedBack.path("result").toString()).contains("Computed waits-on-the-server in 1 s");

        assertThat(worker.terminate(GENEROUS))
                .as("the worker stops cleanly on SIGTERM")
                .isZero();
        assertThat(worker.stderrText()).contains("Bulwark worker stopped");
    }

    private HttpServerProcess track(HttpServerProcess process) {
        started.add(process);
        return process;
    }

    /** Starts {@code slow_compute} for {@code seconds} as the owner on {@code instance}; its task id. */
    private String startSlowCompute(HttpServerProcess instance, int seconds, String label) {
        ObjectNode params = JSON.createObjectNode().put("name", "slow_compute");
        params.putObject("arguments").put("seconds", seconds).put("label", label);
        JsonNode created = result(request(instance, "tools/call", "slow_compute", params));
        assertThat(created.path("resultType").asText()).as(created.toString()).isEqualTo("task");
        return created.path("taskId").asText();
    }

    private static ObjectNode taskParams(String taskId) {
        return JSON.createObjectNode().put("taskId", taskId);
    }

    /** One stateless request of the 2026-07-28 era, declaring the Tasks extension; its JSON-RPC answer. */
    private JsonNode request(HttpServerProcess instance, String method, String name, ObjectNode params) {
        ObjectNode meta = params.putObject("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", VERSION);
        meta.putObject("io.modelcontextprotocol/clientCapabilities")
                .putObject("extensions")
                .putObject(TASKS);
        ObjectNode body = JSON.createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", ids.incrementAndGet())
                .put("method", method);
        body.set("params", params);
        HttpResponse<String> response = instance.post(
                body.toString(),
                Map.of(
                        "MCP-Protocol-Version", VERSION,
                        "Mcp-Method", method,
                        "Mcp-Name", name,
                        "X-API-Key", OWNER_KEY));
        String text = response.body();
        String json = text.stripLeading().startsWith("{")
                ? text
                : text.lines()
                        .filter(line -> line.startsWith("data:"))
                        .map(line -> line.substring("data:".length()).strip())
                        .reduce((first, last) -> last)
                        .orElseThrow(() ->
                                new AssertionError("no JSON-RPC answer (HTTP " + response.statusCode() + "): " + text));
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON (HTTP " + response.statusCode() + "): " + text, e);
        }
    }

    private static JsonNode result(JsonNode answer) {
        assertThat(answer.has("result")).as(answer.toString()).isTrue();
        return answer.get("result");
    }

    /** The first line of {@code process}'s {@code /metrics} that {@code wanted} accepts, waiting at most a minute. */
    private static String awaitMetric(HttpServerProcess process, Predicate<String> wanted, String what) {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        String metrics = "";
        while (System.nanoTime() < deadline) {
            metrics = process.get(process.operations("/metrics")).body();
            var line = metrics.lines().filter(wanted).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            HttpServerProcess.sleep(200);
        }
        throw new AssertionError("within " + GENEROUS.toSeconds() + " s: " + what + "; /metrics was:\n" + metrics
                + "\nstderr:\n" + process.stderrText());
    }
}
