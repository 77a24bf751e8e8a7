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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two built server jars, A and B, sharing one real Redis, serving the Tasks extension on the 2026-07-28 era over
 * HTTP, driven by a plain JSON-RPC client as the conformance suite speaks it (every request stateless: its protocol
 * version and client capabilities in {@code _meta}, its method and name in {@code Mcp-Method} and {@code Mcp-Name}).
 * No session is opened: on this era any instance serves any request, which is what a fleet behind a load balancer
 * needs. A task started on A is polled and cancelled on B, and A stops its work; a task whose instance is killed
 * is taken over by B through the shared queue and failed, saying its runner stopped; another caller never sees a
 * task that is not theirs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TasksAcrossInstancesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "2026-07-28";
    private static final String TASKS = "io.modelcontextprotocol/tasks";
    private static final String OWNER_KEY = ApiKeys.newKey();
    private static final String OTHER_KEY = ApiKeys.newKey();
    /** Short, so a task whose instance died fails within seconds; the heartbeat at most a third of it. */
    private static final Duration LEASE = Duration.ofSeconds(3);

    private static final Duration HEARTBEAT = Duration.ofMillis(500);
    private static final Pattern INFLIGHT =
            Pattern.compile("^mcp_inflight_requests(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);

    @TempDir
    static Path workDir;

    private static EmbeddedRedis redis;
    private static HttpServerProcess a;
    private static HttpServerProcess b;
    private static final AtomicLong ids = new AtomicLong();

    @BeforeAll
    static void startTwoInstancesOnOneRedis() throws IOException {
        redis = EmbeddedRedis.start();
        Path keys = Files.writeString(
                workDir.resolve("api-keys.json"),
                "{\"keys\": [{\"subject\": \"task-owner\", \"scopes\": [\"tools:read\"], \"hash\": \""
                        + ApiKeys.hashOf(OWNER_KEY) + "\"}, {\"subject\": \"someone-else\", \"scopes\":"
                        + " [\"tools:read\"], \"hash\": \"" + ApiKeys.hashOf(OTHER_KEY) + "\"}]}");
        Map<String, String> env = Map.of("REDIS_URL", redis.url());
        String[] args = {
            "--conformance-tools",
            "--api-keys-file",
            keys.toString(),
            "--tasks-lease",
            LEASE.toMillis() + "ms",
            "--tasks-heartbeat",
            HEARTBEAT.toMillis() + "ms"
        };
        a = HttpServerProcess.start(workDir, env, args);
        b = HttpServerProcess.start(workDir, env, args);
        a.awaitRedisBreakerClosed();
        b.awaitRedisBreakerClosed();
    }

    @AfterAll
    static void stop() {
        try {
            if (b != null) {
                b.close();
            }
            if (a != null) {
                a.close();
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Test
    @Order(1)
    void aTaskStartedOnAIsPolledAndCancelledOnBAndAStopsItsWork() {
        String taskId = startSlowCompute(a, "cancel-me");

        JsonNode polled = result(request(b, OWNER_KEY, "tasks/get", taskId, taskParams(taskId)));
        assertThat(polled.path("status").asText()).isEqualTo("working");
        assertThat(polled.path("taskId").asText()).isEqualTo(taskId);
        assertThat(inflight(a)).as("the task's call runs on A").isEqualTo(1.0);

        JsonNode cancelled = result(request(b, OWNER_KEY, "tasks/cancel", taskId, taskParams(taskId)));
        assertThat(cancelled.path("resultType").asText()).isEqualTo("complete");

        JsonNode seenFromA = result(request(a, OWNER_KEY, "tasks/get", taskId, taskParams(taskId)));
        assertThat(seenFromA.path("status").asText()).isEqualTo("cancelled");
        String stopped = awaitMetric(
                a,
                line -> line.startsWith("mcp_tool_calls_total{")
                        && line.contains("outcome=\"cancelled\"")
                        && line.contains("tool=\"slow_compute\"")
                        && line.endsWith(" 1.0"),
                "A's heartbeat sees the cancellation made on B and the tool's work stops");
        assertThat(stopped).contains("protocol_era=");
        assertThat(inflight(a)).as("nothing runs on A any more").isZero();
        assertThat(result(request(b, OWNER_KEY, "tasks/get", taskId, taskParams(taskId)))
                        .path("status")
                        .asText())
                .as("a cancelled task stays cancelled")
                .isEqualTo("cancelled");
    }

    @Test
    @Order(2)
    void anotherCallerIsToldTheTaskDoesNotExistOnEitherInstance() {
        String taskId = startSlowCompute(a, "not-yours");
        try {
            for (HttpServerProcess instance : new HttpServerProcess[] {a, b}) {
                for (String method : new String[] {"tasks/get", "tasks/cancel"}) {
                    JsonNode error = error(request(instance, OTHER_KEY, method, taskId, taskParams(taskId)));
                    assertThat(error.path("code").asInt()).as(method).isEqualTo(-32602);
                    assertThat(error.path("message").asText()).as(method).contains("Task not found");
                }
            }
            assertThat(result(request(b, OWNER_KEY, "tasks/get", taskId, taskParams(taskId)))
                            .path("status")
                            .asText())
                    .as("the other caller's cancel changed nothing")
                    .isEqualTo("working");
        } finally {
            request(b, OWNER_KEY, "tasks/cancel", taskId, taskParams(taskId));
        }
    }

    /** Last: it kills A. */
    @Test
    @Order(3)
    void aTaskWhoseInstanceIsKilledFailsThroughBOnceItsLeaseRunsOut() throws InterruptedException {
        String taskId = startSlowCompute(a, "orphan");
        assertThat(result(request(b, OWNER_KEY, "tasks/get", taskId, taskParams(taskId)))
                        .path("status")
                        .asText())
                .isEqualTo("working");

        a.process.destroyForcibly();
        assertThat(a.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        JsonNode task = result(request(b, OWNER_KEY, "tasks/get", taskId, taskParams(taskId)));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!task.path("status").asText().equals("failed") && System.nanoTime() < deadline) {
            assertThat(task.path("status").asText()).isEqualTo("working");
            HttpServerProcess.sleep(200);
            task = result(request(b, OWNER_KEY, "tasks/get", taskId, taskParams(taskId)));
        }

        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("failed");
        assertThat(task.path("error").path("code").asInt()).isEqualTo(-32603);
        // B took the task over from the shared queue: slow_compute is not read-only, so it may not run twice
        assertThat(task.path("error").path("message").asText())
                .contains("The task's runner stopped before the task ended")
                .contains("start it again");
        assertThat(task.path("statusMessage").asText()).contains("runner stopped");
        // B logs the failure through its log writer thread: the line may reach stderr just after the answer
        String failure = "Task " + taskId + " failed: its runner stopped";
        long logDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!b.stderrText().contains(failure) && System.nanoTime() < logDeadline) {
            HttpServerProcess.sleep(100);
        }
        assertThat(b.stderrText()).contains(failure);
    }

    /** Starts {@code slow_compute} for ten minutes as the owner on {@code instance}; its task id. */
    private static String startSlowCompute(HttpServerProcess instance, String label) {
        ObjectNode params = JSON.createObjectNode().put("name", "slow_compute");
        params.putObject("arguments").put("seconds", 600).put("label", label);
        JsonNode created = result(request(instance, OWNER_KEY, "tools/call", "slow_compute", params));
        assertThat(created.path("resultType").asText()).as(created.toString()).isEqualTo("task");
        assertThat(created.path("status").asText()).isEqualTo("working");
        return created.path("taskId").asText();
    }

    private static ObjectNode taskParams(String taskId) {
        return JSON.createObjectNode().put("taskId", taskId);
    }

    /** One stateless request of the 2026-07-28 era, declaring the Tasks extension; its JSON-RPC answer. */
    private static JsonNode request(
            HttpServerProcess instance, String apiKey, String method, String name, ObjectNode params) {
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
                        "X-API-Key", apiKey));
        return read(response);
    }

    /** The JSON-RPC message of an answer, as plain JSON or as the last {@code data:} line of an event stream. */
    private static JsonNode read(HttpResponse<String> response) {
        String body = response.body();
        String json = body.stripLeading().startsWith("{")
                ? body
                : body.lines()
                        .filter(line -> line.startsWith("data:"))
                        .map(line -> line.substring("data:".length()).strip())
                        .reduce((first, last) -> last)
                        .orElseThrow(() ->
                                new AssertionError("no JSON-RPC answer (HTTP " + response.statusCode() + "): " + body));
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON (HTTP " + response.statusCode() + "): " + body, e);
        }
    }

    private static JsonNode result(JsonNode answer) {
        assertThat(answer.has("result")).as(answer.toString()).isTrue();
        return answer.get("result");
    }

    private static JsonNode error(JsonNode answer) {
        assertThat(answer.has("error")).as(answer.toString()).isTrue();
        return answer.get("error");
    }

    private static double inflight(HttpServerProcess instance) {
        Matcher value =
                INFLIGHT.matcher(instance.get(instance.operations("/metrics")).body());
        return value.find() ? Double.parseDouble(value.group(1)) : 0.0;
    }

    /** The first line of {@code instance}'s {@code /metrics} that {@code wanted} accepts, waiting at most 30 s. */
    private static String awaitMetric(HttpServerProcess instance, Predicate<String> wanted, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String metrics = "";
        while (System.nanoTime() < deadline) {
            metrics = instance.get(instance.operations("/metrics")).body();
            var line = metrics.lines().filter(wanted).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            HttpServerProcess.sleep(200);
        }
        throw new AssertionError("within 30 s: " + what + "; /metrics was:\n" + metrics);
    }
}
