package dev.bulwark.bootstrap.redis;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisSettings;
import dev.bulwark.redis.RedisTaskChangeFeed;
import dev.bulwark.redis.RedisTaskStore;
import dev.bulwark.serve.BulwarkHttp;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Two instances, A and B, each its own Bulwark, HTTP server and Redis connection, sharing one real Redis for their
 * tasks and the feed of task changes: a client that listens for its task on B ({@code subscriptions/listen} with
 * {@code taskIds}) hears each status change of a task that A created and runs.
 */
class TaskChangesAcrossInstancesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = ApiKeys.newKey();
    private static final String VERSION = "2026-07-28";
    private static final long WAIT_SECONDS = 60;

    record JobInput(@ToolParam(description = "A label") String label) {}

    private final CountDownLatch release = new CountDownLatch(1);
    private final HttpClient client = HttpClient.newHttpClient();
    private EmbeddedRedis server;
    private Instance a;
    private Instance b;

    /** One server instance: its own connection to the shared Redis. */
    private final class Instance implements AutoCloseable {
        final RedisConnection redis;
        final Bulwark bulwark;
        final BulwarkHttp http;

        Instance() {
            redis = RedisConnection.builder(
                            RedisSettings.builder().url(server.url()).build())
                    .build();
            bulwark = Bulwark.builder(BulwarkConfig.defaults())
                    .taskStore(new RedisTaskStore(redis))
                    .taskChangeFeed(new RedisTaskChangeFeed(redis))
                    .tool(Tool.builder("job", JobInput.class, Void.class)
                            .description("Works until the test releases it")
                            .taskSupport(Tool.TaskSupport.OPTIONAL)
                            .timeout(Duration.ofMinutes(2))
                            .handler((input, context) -> {
                                try {
                                    release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                return ToolResult.text("done " + input.label());
                            })
                            .build())
                    .build();
            http = BulwarkHttp.builder(bulwark)
                    .apiKeys(new ApiKeys(List.of(new ApiKey("alice", Set.of(), ApiKeys.hashOf(KEY)))))
                    .port(0)
                    .managementPort(0)
                    .start();
        }

        URI mcp() {
            return URI.create("http://127.0.0.1:" + http.port() + "/mcp");
        }

        @Override
        public void close() {
            http.close();
            bulwark.close();
            redis.close();
        }
    }

    @BeforeEach
    void start() throws InterruptedException {
        server = EmbeddedRedis.start();
        a = new Instance();
        b = new Instance();
        awaitFeedSubscribers(2);
    }

    /** Waits until both instances' feeds are subscribed, as Redis counts them, so that no change passes before. */
    private void awaitFeedSubscribers(long count) throws InterruptedException {
        String channel = RedisSettings.DEFAULT_KEY_PREFIX + "tasks:changes";
        try (Jedis jedis = new Jedis(URI.create(server.url()))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (jedis.pubsubNumSub(channel).getOrDefault(channel, 0L) < count) {
                assertThat(System.nanoTime())
                        .as("both feeds subscribed in time")
                        .isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    @AfterEach
    void stop() {
        release.countDown();
        b.close();
        a.close();
        server.close();
    }

    @Test
    void aListenerOnBHearsEachStatusOfATaskThatARuns() throws Exception {
        JsonNode created = answer(
                post(a, "tools/call", "job", "{\"name\":\"job\",\"arguments\":{\"label\":\"x\"}," + meta() + "}"));
        String taskId = created.path("result").path("taskId").asText();
        assertThat(created.path("result").path("status").asText())
                .as(created.toString())
                .isEqualTo("working");

        BlockingQueue<JsonNode> heard = listen(b, taskId);
        JsonNode acknowledged = heard.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(acknowledged).as("the subscription on B was acknowledged").isNotNull();
        assertThat(acknowledged.toString()).contains("subscriptions/acknowledged");

        answer(post(a, "tasks/cancel", taskId, "{\"taskId\":\"" + taskId + "\"," + meta() + "}"));

        JsonNode notification = heard.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(notification).as("B heard of the change A stored").isNotNull();
        assertThat(notification.path("method").asText()).isEqualTo("notifications/tasks");
        assertThat(notification.path("params").path("taskId").asText()).isEqualTo(taskId);
        assertThat(notification.path("params").path("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void aTaskThatEndsOnAIsToldOnBWithItsResult() throws Exception {
        String taskId = answer(post(
                        a, "tools/call", "job", "{\"name\":\"job\",\"arguments\":{\"label\":\"y\"}," + meta() + "}"))
                .path("result")
                .path("taskId")
                .asText();
        BlockingQueue<JsonNode> heard = listen(b, taskId);
        assertThat(heard.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();

        release.countDown();

        JsonNode notification = heard.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(notification).as("B heard that the task ended on A").isNotNull();
        assertThat(notification.path("params").path("status").asText()).isEqualTo("completed");
        assertThat(notification
                        .path("params")
                        .path("result")
                        .path("content")
                        .path(0)
                        .path("text")
                        .asText())
                .isEqualTo("done y");
    }

    private static String meta() {
        return "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + VERSION + "\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":"
                + "{\"io.modelcontextprotocol/tasks\":{}}}}";
    }

    /** Opens {@code subscriptions/listen} for {@code taskId} on {@code instance}; the messages it hears, in order. */
    private BlockingQueue<JsonNode> listen(Instance instance, String taskId) throws Exception {
        HttpResponse<InputStream> listening = client.send(
                request(
                        instance,
                        "subscriptions/listen",
                        null,
                        "{\"jsonrpc\":\"2.0\",\"id\":\"listen\",\"method\":\"subscriptions/listen\",\"params\":"
                                + "{\"notifications\":{\"taskIds\":[\"" + taskId + "\"]}," + meta() + "}}"),
                HttpResponse.BodyHandlers.ofInputStream());
        BlockingQueue<JsonNode> heard = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader events =
                            new BufferedReader(new InputStreamReader(listening.body(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = events.readLine()) != null) {
                            if (line.startsWith("data:") && line.length() > "data:".length() + 1) {
                                heard.add(JSON.readTree(
                                        line.substring("data:".length()).strip()));
                            }
                        }
                    } catch (Exception e) {
                        // the stream ended with the test
                    }
                },
                "listener");
        reader.setDaemon(true);
        reader.start();
        return heard;
    }

    private HttpResponse<String> post(Instance instance, String method, String name, String params) throws Exception {
        return client.send(
                request(
                        instance,
                        method,
                        name,
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}"),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(Instance instance, String method, String name, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(instance.mcp())
                .timeout(Duration.ofSeconds(WAIT_SECONDS))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", VERSION)
                .header("Mcp-Method", method)
                .header("X-API-Key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (name != null) {
            request.header("Mcp-Name", name);
        }
        return request.build();
    }

    private static JsonNode answer(HttpResponse<String> response) throws Exception {
        String body = response.body();
        String json = body.stripLeading().startsWith("{")
                ? body
                : body.lines()
                        .filter(line -> line.startsWith("data:") && line.length() > 6)
                        .map(line -> line.substring("data:".length()).strip())
                        .reduce((first, last) -> last)
                        .orElseThrow(() -> new AssertionError("no answer: " + body));
        JsonNode answer = JSON.readTree(json);
        assertThat(answer.has("result")).as(answer.toString()).isTrue();
        return answer;
    }
}
