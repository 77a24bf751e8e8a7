package dev.bulwark.bootstrap.redis;

import static dev.bulwark.bootstrap.redis.TestCalls.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.redis.EmbeddedRedis;
import dev.bulwark.redis.RedisCacheStore;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisRateLimitStore;
import dev.bulwark.redis.RedisSettings;
import dev.bulwark.redis.RedisTaskStore;
import dev.bulwark.serve.BulwarkHttp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Losing Redis costs no task: with the task store in a real Redis that is stopped, a task-augmented call of the
 * 2025-11-25 era over stateful HTTP still creates its task, which runs on the instance that accepted it and is served
 * from there; a task kept in Redis is answered "unavailable, retry" while Redis is down; nothing logs a stack trace at
 * WARN, and every failure of a task route is counted in {@code mcp_errors_total} and {@code mcp_requests_total}.
 */
class RedisTaskFaultToleranceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROTOCOL = "2025-11-25";
    private static final String KEY = ApiKeys.newKey();
    private static final Duration WAIT = Duration.ofSeconds(30);

    record EchoInput(
            @ToolParam(description = "What to echo") String text) {}

    private final AtomicInteger ids = new AtomicInteger(1);
    private final HttpClient client = HttpClient.newHttpClient();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private EmbeddedRedis server;
    private RedisConnection redis;
    private Bulwark bulwark;
    private BulwarkHttp http;

    @BeforeEach
    void start() {
        server = EmbeddedRedis.start();
        redis = RedisConnection.builder(RedisSettings.builder()
                        .url(server.url())
                        .operationTimeout(Duration.ofMillis(250))
                        .connectTimeout(Duration.ofMinutes(5))
                        .breakerOpenDuration(Duration.ofMillis(500))
                        .build())
                .build();
        bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .meterRegistry(registry)
                .cacheStore(new RedisCacheStore(redis))
                .rateLimitStore(new RedisRateLimitStore(redis))
                .taskStore(new RedisTaskStore(redis))
                .tool(Tool.builder("echo", EchoInput.class, Void.class)
                        .description("Echoes its text")
                        .taskSupport(Tool.TaskSupport.OPTIONAL)
                        .handler((input, context) -> ToolResult.text("echo " + input.text()))
                        .build())
                .build();
        http = BulwarkHttp.builder(bulwark)
                .apiKeys(new ApiKeys(List.of(new ApiKey("alice", Set.of(), ApiKeys.hashOf(KEY)))))
                .port(0)
                .managementPort(0)
                .start();
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void stop() {
        root.detachAppender(logged);
        http.close();
        bulwark.close();
        redis.close();
        server.close();
    }

    @Test
    void withRedisDownATaskIsCreatedAndRunsOnTheInstanceThatAcceptedIt() throws Exception {
        String session = startSession();
        String keptInRedis = createTask(session, "before")
                .path("result")
                .path("task")
                .path("taskId")
                .asText();
        assertThat(result(session, keptInRedis)).isEqualTo("echo before");

        server.stop();

        JsonNode created = createTask(session, "during");
        JsonNode task = created.path("result").path("task");
        assertThat(task.path("status").asText()).as(created.toString()).isEqualTo("working");
        String taskId = task.path("taskId").asText();
        assertThat(result(session, taskId)).isEqualTo("echo during");
        JsonNode got = request(session, "tasks/get", taskParams(taskId));
        assertThat(got.path("result").path("status").asText())
                .as(got.toString())
                .isEqualTo("completed");
        JsonNode listed = request(session, "tasks/list", "{}");
        assertThat(listed.path("result").path("tasks").findValuesAsText("taskId"))
                .as(listed.toString())
                .contains(taskId);

        JsonNode unreachable = request(session, "tasks/get", taskParams(keptInRedis));
        assertThat(unreachable.path("error").path("code").asInt())
                .as(unreachable.toString())
                .isEqualTo(-32000);
        assertThat(unreachable.path("error").path("message").asText()).contains("retry");

        assertThat(counted("mcp.errors", "error_type", "dependency_unavailable"))
                .as("the failed tasks/get is counted as an error")
                .isGreaterThanOrEqualTo(1);
        assertThat(registry.find("mcp.requests").tags("method", "tasks/get", "status", "error").counters().stream()
                        .mapToDouble(Counter::count)
                        .sum())
                .isEqualTo(1);
        assertThat(logged.list.stream()
                        .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                        .filter(event -> event.getThrowableProxy() != null)
                        .map(ILoggingEvent::getFormattedMessage))
                .as("no stack trace at WARN or above")
                .isEmpty();
    }

    private double counted(String name, String tag, String value) {
        return registry.find(name).tag(tag, value).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** The text of the task's result, once it has ended. */
    private String result(String session, String taskId) throws Exception {
        assertThat(eventually(WAIT, () -> {
                    try {
                        return request(session, "tasks/get", taskParams(taskId))
                                .path("result")
                                .path("status")
                                .asText()
                                .equals("completed");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }))
                .isTrue();
        JsonNode result = request(session, "tasks/result", taskParams(taskId));
        return result.path("result").path("content").path(0).path("text").asText(result.toString());
    }

    private JsonNode createTask(String session, String text) throws Exception {
        return request(
                session,
                "tools/call",
                "{\"name\":\"echo\",\"arguments\":{\"text\":\"" + text + "\"},\"task\":{\"ttl\":60000}}");
    }

    private static String taskParams(String taskId) {
        return "{\"taskId\":\"" + taskId + "\"}";
    }

    private String startSession() throws Exception {
        HttpResponse<String> initialized = post(
                null,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + PROTOCOL
                        + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(200);
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                        .statusCode())
                .isEqualTo(202);
        return session;
    }

    private JsonNode request(String session, String method, String params) throws Exception {
        int id = ids.incrementAndGet();
        JsonNode answer = answer(post(
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}"));
        assertThat(answer.path("id").asInt()).as(answer.toString()).isEqualTo(id);
        return answer;
    }

    private HttpResponse<String> post(String session, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/mcp"))
                .timeout(WAIT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("X-API-Key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", PROTOCOL);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON-RPC answer of a response, sent as JSON or as a server-sent event. */
    private static JsonNode answer(HttpResponse<String> response) throws IOException {
        String body = Objects.requireNonNull(response.body());
        for (String line : body.split("\n")) {
            if (line.startsWith("data:") && !line.substring(5).isBlank()) {
                JsonNode message = JSON.readTree(line.substring(5).trim());
                if (message.has("id")) {
                    return message;
                }
            }
        }
        return JSON.readTree(body);
    }
}
