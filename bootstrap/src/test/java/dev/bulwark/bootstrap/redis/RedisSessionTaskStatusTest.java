package dev.bulwark.bootstrap.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.business.tasks.TaskEngine;
import dev.bulwark.core.internal.presentation.server.SessionTasks;
import dev.bulwark.core.internal.presentation.tasks.TaskAdmission;
import dev.bulwark.core.internal.presentation.tasks.TaskRequestMetrics;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.sessions.ServedSession;
import dev.bulwark.redis.EmbeddedRedis;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisSettings;
import dev.bulwark.redis.RedisTaskChangeFeed;
import dev.bulwark.redis.RedisTaskStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Two instances of the session era's tasks, each with its own connection to one real Redis, sharing the task store
 * and the feed of changes: the session that created a task on the first instance hears
 * {@code notifications/tasks/status} of a change the second stored.
 */
class RedisSessionTaskStatusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestOrigin ALICE = RequestOrigin.of(Principal.of("alice", "tools:read"));

    private final EmbeddedRedis server = EmbeddedRedis.start();
    private final Instance first = new Instance();
    private final Instance second = new Instance();

    /** A notification a session's client was sent. */
    record Told(String method, Object params) {}

    /** A session whose task calls run until the test ends, and whose notifications are kept. */
    private static final class Session implements ServedSession {
        final BlockingQueue<Told> told = new LinkedBlockingQueue<>();
        final CompletableFuture<Object> calls = new CompletableFuture<>();

        /** The origin each task call ran with: its client waits are told through it. */
        final BlockingQueue<RequestOrigin> ran = new LinkedBlockingQueue<>();

        @Override
        public CompletableFuture<Object> run(Object call, RequestOrigin origin) {
            ran.add(origin);
            return calls;
        }

        @Override
        public Object exchange(RequestOrigin origin) {
            throw new AssertionError("a task's call runs in the session");
        }

        @Override
        public void notify(String method, Object params) {
            told.add(new Told(method, params));
        }
    }

    /** One instance on its own connection: its engine shares changes over the feed. */
    private final class Instance implements AutoCloseable {
        final Tool<Map, Void> job = Tool.builder("job", Map.class, Void.class)
                .inputSchema(Map.of("type", "object"))
                .description("Runs until the test ends")
                .taskSupport(Tool.TaskSupport.OPTIONAL)
                .handler((input, context) -> ToolResult.text("done"))
                .build();
        final RedisConnection redis = RedisConnection.builder(RedisSettings.builder()
                        .url(server.url())
                        .operationTimeout(Duration.ofSeconds(2))
                        .build())
                .build();
        final TaskEngine tasks = new TaskEngine(
                JSON,
                new RedisTaskStore(redis),
                TaskSettings.defaults(),
                Clock.systemUTC(),
                List.of(job),
                16,
                (taskId, params, origin, cancelled) -> {
                    throw new AssertionError("the session era runs its tasks in their sessions");
                },
                Optional.empty(),
                Optional.of(new RedisTaskChangeFeed(redis)));
        final SessionTasks sessionTasks = new SessionTasks(
                JSON,
                new JacksonMcpJsonMapper(JSON),
                tasks,
                new TaskRequestMetrics(new SimpleMeterRegistry()),
                TaskSettings.defaults(),
                TaskAdmission.ALL,
                List.of(job));

        @Override
        public void close() {
            sessionTasks.close();
            tasks.close();
            redis.close();
        }
    }

    /**
     * Waits until both instances' feeds are subscribed, as Redis counts them: pub/sub keeps nothing, so a change
     * published before would pass unheard.
     */
    @BeforeEach
    void awaitFeedSubscribers() throws InterruptedException {
        String channel = RedisSettings.DEFAULT_KEY_PREFIX + "tasks:changes";
        try (Jedis jedis = new Jedis(URI.create(server.url()))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (jedis.pubsubNumSub(channel).getOrDefault(channel, 0L) < 2) {
                assertThat(System.nanoTime())
                        .as("both feeds subscribed in time")
                        .isLessThan(deadline);
                Thread.sleep(20); // spaces the polls; the poll is the check
            }
        }
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
        server.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSessionThatCreatedATaskHearsItsCancelStoredByAnotherInstance() throws Exception {
        Session session = new Session();
        McpSchema.JSONRPCRequest call = new McpSchema.JSONRPCRequest(
                McpSchema.JSONRPC_VERSION,
                McpSchema.METHOD_TOOLS_CALL,
                1,
                Map.of("name", "job", "arguments", Map.of(), "task", Map.of()));
        McpSchema.JSONRPCResponse created = (McpSchema.JSONRPCResponse)
                first.sessionTasks.serve(call, ALICE, session).get(30, TimeUnit.SECONDS);
        String taskId =
                (String) ((Map<String, Object>) ((Map<String, Object>) created.result()).get("task")).get("taskId");

        second.tasks.cancel(taskId, ALICE);

        Told told = session.told.poll(30, TimeUnit.SECONDS);
        assertThat(told).as("a status notification within 30 s").isNotNull();
        assertThat(told.method()).isEqualTo("notifications/tasks/status");
        assertThat((Map<String, Object>) told.params())
                .containsEntry("taskId", taskId)
                .containsEntry("status", "cancelled");
        session.calls.complete(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, "x", Map.of(), null));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anotherInstanceShowsATaskWaitingForItsClientAsInputRequiredUntilItIsAnswered() throws Exception {
        Session session = new Session();
        String taskId = created(first, session);
        RequestOrigin run = session.ran.poll(30, TimeUnit.SECONDS);
        assertThat(run).as("the task's run within 30 s").isNotNull();

        run.clientWaits().orElseThrow().began();

        assertThat(status(second, taskId)).containsEntry("status", "input_required");
        assertThat(status(first, taskId)).containsEntry("status", "input_required");

        run.clientWaits().orElseThrow().ended();

        assertThat(status(second, taskId)).containsEntry("status", "working");
        session.calls.complete(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, "x", Map.of(), null));
    }

    @SuppressWarnings("unchecked")
    private static String created(Instance instance, Session session) throws Exception {
        McpSchema.JSONRPCRequest call = new McpSchema.JSONRPCRequest(
                McpSchema.JSONRPC_VERSION,
                McpSchema.METHOD_TOOLS_CALL,
                1,
                Map.of("name", "job", "arguments", Map.of(), "task", Map.of()));
        McpSchema.JSONRPCResponse created = (McpSchema.JSONRPCResponse)
                instance.sessionTasks.serve(call, ALICE, session).get(30, TimeUnit.SECONDS);
        return (String) ((Map<String, Object>) ((Map<String, Object>) created.result()).get("task")).get("taskId");
    }

    /** The task as {@code tasks/get} on {@code instance} answers it, from a session of its own there. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(Instance instance, String taskId) throws Exception {
        McpSchema.JSONRPCRequest get =
                new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, "tasks/get", 2, Map.of("taskId", taskId));
        McpSchema.JSONRPCResponse answer = (McpSchema.JSONRPCResponse)
                instance.sessionTasks.serve(get, ALICE, new Session()).get(30, TimeUnit.SECONDS);
        assertThat(answer.error()).as("tasks/get answers").isNull();
        return (Map<String, Object>) answer.result();
    }
}
