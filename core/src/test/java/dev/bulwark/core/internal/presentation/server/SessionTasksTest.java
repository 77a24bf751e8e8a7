package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.business.tasks.TaskEngine;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.core.internal.presentation.pipeline.TestPipelines;
import dev.bulwark.core.internal.presentation.tasks.TaskAdmission;
import dev.bulwark.core.internal.presentation.tasks.TaskRequestMetrics;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The 2025-11-25 era's tasks over a session: the SDK's client sends each task request as a {@code ping} rewritten on
 * its way (the client has no task methods), and reads the answer as the ping's result.
 */
class SessionTasksTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final JacksonMcpJsonMapper jsonMapper = new JacksonMcpJsonMapper(mapper);
    private final CompletableFuture<Void> gate = new CompletableFuture<>();

    private final Tool<Map, Void> slow = Tool.builder("slow", Map.class, Void.class)
            .description("Answers once the test opens its gate")
            .taskSupport(Tool.TaskSupport.OPTIONAL)
            .handler((input, context) -> {
                gate.join();
                return ToolResult.text("slow done");
            })
            .build();
    private final Tool<Map, Void> quick = Tool.builder("quick", Map.class, Void.class)
            .description("Answers at once")
            .taskSupport(Tool.TaskSupport.REQUIRED)
            .handler((input, context) -> ToolResult.text("quick done" + howRun(context)))
            .build();
    private final Tool<Map, Void> plain = Tool.builder("plain", Map.class, Void.class)
            .description("Takes no task")
            .handler((input, context) -> ToolResult.text("plain done" + howRun(context)))
            .build();

    private final Tool<Map, Void> confirm = Tool.builder("confirm", Map.class, Void.class)
            .description("Asks its client to confirm")
            .taskSupport(Tool.TaskSupport.OPTIONAL)
            .handler((input, context) -> ToolResult.text("confirmed: "
                    + context.elicit(
                                    "Go on?",
                                    Map.of("type", "object", "properties", Map.of("go", Map.of("type", "boolean"))))
                            .action()))
            .build();

    private static String howRun(dev.bulwark.core.CallContext context) {
        return context.runsAsTask() ? " as a task" : " directly";
    }

    private final FailingStore store = new FailingStore();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** An in-memory store whose next creation can be made to fail with an error. */
    private static final class FailingStore implements TaskStore {
        final InMemoryTaskStore kept = new InMemoryTaskStore();
        volatile Error nextCreate;

        @Override
        public void create(TaskRecord record, int maxKept, int maxActive, Instant now) {
            Error failure = nextCreate;
            nextCreate = null;
            if (failure != null) {
                throw failure;
            }
            kept.create(record, maxKept, maxActive, now);
        }

        @Override
        public Optional<TaskRecord> find(String taskId, Instant now) {
            return kept.find(taskId, now);
        }

        @Override
        public boolean remove(TaskRecord current) {

            return kept.remove(current);
        }

        @Override
        public boolean replace(TaskRecord current, TaskRecord next) {
            return kept.replace(current, next);
        }

        @Override
        public List<TaskRecord> owned(String owner, Instant now) {
            return kept.owned(owner, now);
        }
    }

    private final SessionTasks sessionTasks = new SessionTasks(
            mapper,
            jsonMapper,
            new TaskEngine(
                    mapper,
                    store,
                    TaskSettings.defaults().withPerCallerLimits(1000, 100).withMaxBytes(64 * 1024, 64 * 1024),
                    Clock.systemUTC(),
                    List.of(slow, quick, plain, confirm),
                    (taskId, params, origin, cancelled) -> {
                        throw new AssertionError("the session era runs its tasks in their sessions");
                    }),
            new TaskRequestMetrics(registry),
            TaskSettings.defaults(),
            TaskAdmission.ALL,
            List.of(slow, quick, plain, confirm));
    private final McpServerAssembler assembler = new McpServerAssembler(
                    ServerSettings.defaults(),
                    ServerFeatures.builder()
                            .tool(slow)
                            .tool(quick)
                            .tool(plain)
                            .tool(confirm)
                            .build(),
                    TestPipelines.mappingErrors(mapper),
                    jsonMapper)
            .withSessionTasks(sessionTasks);
    private final List<McpSyncServer> servers = new ArrayList<>();
    private final List<McpSyncClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        gate.complete(null);
        clients.forEach(McpSyncClient::close);
        servers.forEach(McpSyncServer::close);
        sessionTasks.close();
    }

    /** A client of a session whose caller is {@code subject}; its pings are the requests queued on {@code sent}. */
    private Client client(String subject) {
        return client(subject, null);
    }

    /** A client that answers elicitations with {@code elicitation}, when given. */
    private Client client(
            String subject,
            java.util.function.Function<McpSchema.ElicitFormRequest, McpSchema.ElicitResult> elicitation) {
        InMemoryTransport transport = new InMemoryTransport(jsonMapper);
        servers.add(assembler.serve(transport, Principal.of(subject, Principal.ALL_SCOPES)));
        ConcurrentLinkedQueue<McpSchema.JSONRPCRequest> next = new ConcurrentLinkedQueue<>();
        McpClient.SyncSpec spec = McpClient.sync(transport.newClient(message -> {
                    if (message instanceof McpSchema.JSONRPCRequest ping && "ping".equals(ping.method())) {
                        McpSchema.JSONRPCRequest instead = next.poll();
                        if (instead != null) {
                            return new McpSchema.JSONRPCRequest(
                                    ping.jsonrpc(), instead.method(), ping.id(), instead.params());
                        }
                    }
                    return message;
                }))
                .requestTimeout(Duration.ofSeconds(20));
        if (elicitation != null) {
            spec.capabilities(
                            McpSchema.ClientCapabilities.builder().elicitation().build())
                    .elicitation(elicitation);
        }
        McpSyncClient client = spec.build();
        client.initialize();
        clients.add(client);
        return new Client(client, next);
    }

    private record Client(McpSyncClient sdk, ConcurrentLinkedQueue<McpSchema.JSONRPCRequest> next) {
        @SuppressWarnings("unchecked")
        Map<String, Object> send(String method, Map<String, Object> params) {
            synchronized (this) {
                next.add(new McpSchema.JSONRPCRequest("2.0", method, "x", params));
                return (Map<String, Object>) sdk.ping();
            }
        }

        @SuppressWarnings("unchecked")
        String startTask(String tool) {
            Map<String, Object> created =
                    send("tools/call", Map.of("name", tool, "arguments", Map.of(), "task", Map.of("ttl", 60000)));
            return (String) ((Map<String, Object>) created.get("task")).get("taskId");
        }
    }

    private static int codeOf(Throwable failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof McpError)) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOf(McpError.class);
        return ((McpError) cause).getJsonRpcError().code();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTaskCallAnswersAtOnceWithTheWorkingTaskAndItsResultOnceTheCallEnds() {
        Client client = client("alice");

        Map<String, Object> created =
                client.send("tools/call", Map.of("name", "slow", "arguments", Map.of(), "task", Map.of()));
        Map<String, Object> task = (Map<String, Object>) created.get("task");
        String taskId = (String) task.get("taskId");

        assertThat(task).containsEntry("status", "working").containsKeys("createdAt", "lastUpdatedAt", "ttl");
        assertThat(client.send("tasks/get", Map.of("taskId", taskId))).containsEntry("status", "working");
        CompletableFuture<Map<String, Object>> result =
                CompletableFuture.supplyAsync(() -> client.send("tasks/result", Map.of("taskId", taskId)));
        gate.complete(null);
        Map<String, Object> payload = result.join();

        assertThat(payload.get("content").toString()).contains("slow done");
        assertThat((Map<String, Object>) payload.get("_meta"))
                .containsEntry(SessionTasks.RELATED_TASK, Map.of("taskId", taskId));
        assertThat(client.send("tasks/get", Map.of("taskId", taskId))).containsEntry("status", "completed");
    }

    @Test
    void aStoreThatRunsOutOfMemoryIsAnsweredWithAnErrorAndCounted() {
        Client client = client("alice");
        store.nextCreate = new OutOfMemoryError("Java heap space");

        assertThatThrownBy(() ->
                        client.send("tools/call", Map.of("name", "slow", "arguments", Map.of(), "task", Map.of())))
                .satisfies(failure -> assertThat(codeOf(failure)).isEqualTo(McpSchema.ErrorCodes.INTERNAL_ERROR));
        assertThat(registry.get("mcp.errors")
                        .tag("error_type", "internal")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("mcp.requests")
                        .tags("method", "tools/call", "status", "error")
                        .counter()
                        .count())
                .isEqualTo(1);
        client.startTask("slow"); // its bytes were given back
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTaskBeyondTheBytesItsCallerMayKeepIsRefusedAsBusy() {
        Client client = client("alice");
        String large = "x".repeat(40 * 1024);
        client.send("tools/call", Map.of("name", "slow", "arguments", Map.of("text", large), "task", Map.of()));

        Map<String, Object> refused =
                client.send("tools/call", Map.of("name", "slow", "arguments", Map.of("text", large), "task", Map.of()));

        assertThat(refused).containsEntry("isError", true).doesNotContainKey("task");
        assertThat((Map<String, Object>) refused.get("_meta"))
                .containsEntry("dev.bulwark/error-type", "busy")
                .containsKey("dev.bulwark/retry-after-ms");
        assertThat(refused.get("content").toString()).contains("Server busy");
        assertThat(registry.get("mcp.errors")
                        .tag("error_type", "busy")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aResultWaitWhoseAnswerIsCancelledLeavesNothingBehind() {
        Client client = client("alice");
        String taskId = client.startTask("slow");
        dev.bulwark.ports.sessions.ServedSession unused = new dev.bulwark.ports.sessions.ServedSession() {
            @Override
            public CompletableFuture<Object> run(Object call, dev.bulwark.ports.origin.RequestOrigin origin) {
                throw new AssertionError("a wait runs nothing");
            }

            @Override
            public Object exchange(dev.bulwark.ports.origin.RequestOrigin origin) {
                throw new AssertionError("a wait calls no tool");
            }

            @Override
            public void notify(String method, Object params) {}
        };

        reactor.core.Disposable wait = sessionTasks
                .answer(
                        new McpSchema.JSONRPCRequest("2.0", "tasks/result", 7, Map.of("taskId", taskId)),
                        dev.bulwark.ports.origin.RequestOrigin.of(Principal.of("alice", Principal.ALL_SCOPES)),
                        unused)
                .orElseThrow()
                .subscribe();
        assertThat(sessionTasks.waitsFor(taskId)).isEqualTo(1);
        wait.dispose(); // its client left

        assertThat(sessionTasks.waitsFor(taskId)).isZero();
    }

    @Test
    void aToolThatRequiresATaskIsRefusedWithoutOne() {
        Client client = client("alice");

        assertThatThrownBy(() -> client.sdk()
                        .callTool(McpSchema.CallToolRequest.builder()
                                .name("quick")
                                .arguments(Map.of())
                                .build()))
                .satisfies(failure -> assertThat(codeOf(failure)).isEqualTo(McpSchema.ErrorCodes.METHOD_NOT_FOUND))
                .hasMessageContaining("params.task");
    }

    @Test
    void aToolThatTakesNoTaskIsRefusedWithOne() {
        Client client = client("alice");

        assertThatThrownBy(() -> client.startTask("plain"))
                .satisfies(failure -> assertThat(codeOf(failure)).isEqualTo(McpSchema.ErrorCodes.METHOD_NOT_FOUND))
                .hasMessageContaining("forbidden");
        assertThat(client.sdk()
                        .callTool(McpSchema.CallToolRequest.builder()
                                .name("plain")
                                .arguments(Map.of())
                                .build())
                        .content()
                        .toString())
                .contains("plain done");
    }

    @Test
    void aTasksRunKnowsItRunsAsATaskAndADirectCallKnowsItDoesNot() {
        Client client = client("alice");
        String taskId = client.startTask("quick");

        assertThat(client.send("tasks/result", Map.of("taskId", taskId))
                        .get("content")
                        .toString())
                .contains("quick done as a task");
        assertThat(client.sdk()
                        .callTool(McpSchema.CallToolRequest.builder()
                                .name("plain")
                                .arguments(Map.of())
                                .build())
                        .content()
                        .toString())
                .contains("plain done directly");
    }

    @Test
    void aTaskWaitingForItsClientsAnswerToAnElicitationIsInputRequiredMeanwhile() {
        java.util.concurrent.atomic.AtomicReference<Object> statusWhileAsked =
                new java.util.concurrent.atomic.AtomicReference<>();
        Client client = client("alice", request -> {
            TaskRecord asking = store.kept.owned("alice", Instant.now()).get(0);
            statusWhileAsked.set(sessionTasks.wire(asking).get("status"));
            return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("go", true));
        });
        String taskId = client.startTask("confirm");

        assertThat(client.send("tasks/result", Map.of("taskId", taskId))
                        .get("content")
                        .toString())
                .contains("confirmed: ACCEPT");
        assertThat(statusWhileAsked).hasValue("input_required");
        assertThat(client.send("tasks/get", Map.of("taskId", taskId))).containsEntry("status", "completed");
    }

    @Test
    void anotherCallersTaskIsNotFound() {
        Client alice = client("alice");
        Client bob = client("bob");
        String taskId = alice.startTask("quick");

        for (String method : List.of("tasks/get", "tasks/result", "tasks/cancel")) {
            assertThatThrownBy(() -> bob.send(method, Map.of("taskId", taskId)))
                    .satisfies(failure -> assertThat(codeOf(failure)).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS))
                    .hasMessageContaining("Task not found");
        }
        assertThat(bob.send("tasks/list", Map.of())).containsEntry("tasks", List.of());
        assertThat(alice.send("tasks/result", Map.of("taskId", taskId))
                        .get("content")
                        .toString())
                .contains("quick done");
    }

    @Test
    @SuppressWarnings("unchecked")
    void tasksListIsTheCallersOwnTasksAPageAtATime() {
        Client client = client("carol");
        List<String> started = new ArrayList<>();
        for (int i = 0; i < SessionTaskList.PAGE_SIZE + 2; i++) {
            started.add(client.startTask("quick"));
        }

        Map<String, Object> first = client.send("tasks/list", Map.of());
        Map<String, Object> second = client.send("tasks/list", Map.of("cursor", first.get("nextCursor")));

        List<String> listed = new ArrayList<>();
        ((List<Map<String, Object>>) first.get("tasks")).forEach(task -> listed.add((String) task.get("taskId")));
        ((List<Map<String, Object>>) second.get("tasks")).forEach(task -> listed.add((String) task.get("taskId")));
        assertThat((List<?>) first.get("tasks")).hasSize(SessionTaskList.PAGE_SIZE);
        assertThat(second).doesNotContainKey("nextCursor");
        assertThat(listed).containsExactlyInAnyOrderElementsOf(started).doesNotHaveDuplicates();
        assertThatThrownBy(() -> client.send("tasks/list", Map.of("cursor", "not-a-cursor")))
                .satisfies(failure -> assertThat(codeOf(failure)).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS));
    }

    @Test
    void cancelEndsAWorkingTaskWhoseResultIsThenAnError() {
        Client client = client("dave");
        String taskId = client.startTask("slow");

        assertThat(client.send("tasks/cancel", Map.of("taskId", taskId))).containsEntry("status", "cancelled");

        assertThat(client.send("tasks/get", Map.of("taskId", taskId))).containsEntry("status", "cancelled");
        assertThatThrownBy(() -> client.send("tasks/result", Map.of("taskId", taskId)))
                .hasMessageContaining("cancelled");
        assertThatThrownBy(() -> client.send("tasks/cancel", Map.of("taskId", taskId)))
                .satisfies(failure -> assertThat(codeOf(failure)).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS))
                .hasMessageContaining("already cancelled");
    }

    @Test
    @SuppressWarnings("unchecked")
    void toolsListShowsTaskSupportAndInitializeDeclaresTheCapability() {
        Client client = client("erin");

        List<Map<String, Object>> tools =
                (List<Map<String, Object>>) client.send("tools/list", Map.of()).get("tools");
        Map<String, Object> init =
                (Map<String, Object>) ((McpSchema.JSONRPCResponse) sessionTasks.outbound(new McpSchema.JSONRPCResponse(
                                "2.0",
                                1,
                                new McpSchema.InitializeResult(
                                        "2025-11-25",
                                        McpSchema.ServerCapabilities.builder()
                                                .tools(false)
                                                .build(),
                                        new McpSchema.Implementation("s", "1"),
                                        null),
                                null)))
                        .result();

        assertThat(tools)
                .anySatisfy(tool -> assertThat(tool)
                        .containsEntry("name", "quick")
                        .containsEntry("execution", Map.of("taskSupport", "required")))
                .anySatisfy(
                        tool -> assertThat(tool).containsEntry("name", "plain").doesNotContainKey("execution"));
        assertThat((Map<String, Object>) init.get("capabilities"))
                .containsEntry(
                        "tasks",
                        Map.of(
                                "list",
                                Map.of(),
                                "cancel",
                                Map.of(),
                                "requests",
                                Map.of("tools", Map.of("call", Map.of()))));
    }
}
