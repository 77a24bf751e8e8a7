package dev.bulwark.tools.presentation.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskQueue;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.core.internal.presentation.server.InMemoryTransport;
import dev.bulwark.ports.era2026.Era2026Request;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.tasks.QueuedTask;
import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStatus;
import dev.bulwark.ports.tasks.TaskSupport;
import dev.bulwark.ports.upstream.McpUpstreams;
import dev.bulwark.ports.upstream.UpstreamCallException;
import dev.bulwark.ports.upstream.UpstreamFailure;
import dev.bulwark.ports.upstream.UpstreamPrompt;
import dev.bulwark.ports.upstream.UpstreamPromptResult;
import dev.bulwark.ports.upstream.UpstreamResult;
import dev.bulwark.ports.upstream.UpstreamTool;
import dev.bulwark.tools.GatewayPack;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Gateway tools as tasks: served with the upstream's {@code task-support} or the tool's own, run by Bulwark's task
 * engine in both eras, cancelled upstream with the task, and run by a worker that takes them from the shared queue.
 */
class GatewayTasksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}}";
    private static final Principal CALLER = Principal.of("agent", "upstream:files");

    private static final GatewayTools.Exposure EXPOSURE = new GatewayTools.Exposure(
            "files", "files_", Map.of(), Optional.of("upstream:files"), Set.of(), Set.of(), Duration.ofSeconds(30));

    private final FakeUpstreams upstream = new FakeUpstreams();
    private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        upstream.release.countDown();
        for (AutoCloseable each : closing) {
            each.close();
        }
    }

    private Bulwark bulwark(TaskSupport support) {
        return bulwark(upstream, support);
    }

    /** A server fronting {@code upstreams}, whose settings give its tools {@code support}. */
    private Bulwark bulwark(FakeUpstreams upstreams, TaskSupport support) {
        upstreams.taskSupport = support;
        Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .pack(new GatewayPack(upstreams, List.of(EXPOSURE)))
                .build();
        closing.add(0, bulwark);
        return bulwark;
    }

    @Test
    void theUpstreamsTaskSupportIsEachOfItsToolsAndAToolThatListsMoreKeepsItsOwn() {
        Bulwark optional = bulwark(TaskSupport.OPTIONAL);
        Bulwark forbidden = bulwark(new FakeUpstreams(), TaskSupport.FORBIDDEN);

        assertThat(optional.catalogue().tool("files_read").orElseThrow().taskSupport())
                .isEqualTo(Tool.TaskSupport.OPTIONAL);
        assertThat(optional.catalogue().tool("files_build").orElseThrow().taskSupport())
                .as("the upstream lists it as requiring tasks")
                .isEqualTo(Tool.TaskSupport.REQUIRED);
        assertThat(forbidden.catalogue().tool("files_read").orElseThrow().taskSupport())
                .isEqualTo(Tool.TaskSupport.FORBIDDEN);
        assertThat(forbidden.catalogue().tool("files_build").orElseThrow().taskSupport())
                .isEqualTo(Tool.TaskSupport.REQUIRED);
    }

    @Test
    void aToolListedOnceTheServerRunsIsServedAsATaskAsOneListedAtTheStart() throws Exception {
        Bulwark bulwark = bulwark(TaskSupport.OPTIONAL);

        upstream.add(new UpstreamTool(
                "export", "", "Exports", Map.of("type", "object"), Optional.empty(), false, TaskSupport.REQUIRED));

        await("the new tool is served")
                .atMost(Duration.ofSeconds(30))
                .until(() -> bulwark.catalogue().tool("files_export").isPresent());
        assertThat(bulwark.catalogue().tool("files_export").orElseThrow().taskSupport())
                .isEqualTo(Tool.TaskSupport.REQUIRED);
        JsonNode ended = asATask(bulwark, "files_export", "d");
        assertThat(ended.path("status").asText()).as(ended.toString()).isEqualTo("completed");
        assertThat(ended.path("result").path("content").path(0).path("text").asText())
                .isEqualTo("contents of d");
    }

    /** Calls {@code tool} with {@code path} as a 2026-07-28 task, and returns the task once it ended. */
    private JsonNode asATask(Bulwark bulwark, String tool, String path) throws Exception {
        JsonNode created =
                request(bulwark, "tools/call", "\"name\":\"" + tool + "\",\"arguments\":{\"path\":\"" + path + "\"}");
        assertThat(created.path("result").path("resultType").asText())
                .as(created.toString())
                .isEqualTo("task");
        return awaitEnded(bulwark, created.path("result").path("taskId").asText());
    }

    @Test
    void anUpstreamThatConnectsOnceTheServerRunsServesItsToolsWithItsTaskSupportAsItsSettingsSay() throws Exception {
        upstream.connected = false;
        Bulwark bulwark = bulwark(TaskSupport.OPTIONAL);

        upstream.connect();

        await("the upstream's tools are served")
                .atMost(Duration.ofSeconds(30))
                .until(() -> bulwark.catalogue().tool("files_read").isPresent());
        assertThat(bulwark.catalogue().tool("files_read").orElseThrow().taskSupport())
                .as("no tool took tasks when the server was built; the upstream's settings offer them")
                .isEqualTo(Tool.TaskSupport.OPTIONAL);
        JsonNode ended = asATask(bulwark, "files_read", "e");
        assertThat(ended.path("result").path("content").path(0).path("text").asText())
                .isEqualTo("contents of e");
    }

    @Test
    void a2026ClientThatAsksForATaskGetsOneThatRunsTheUpstreamCall() throws Exception {
        Bulwark bulwark = bulwark(TaskSupport.OPTIONAL);

        JsonNode created = request(bulwark, "tools/call", "\"name\":\"files_read\",\"arguments\":{\"path\":\"a.txt\"}");
        assertThat(created.path("result").path("resultType").asText())
                .as(created.toString())
                .isEqualTo("task");
        String taskId = created.path("result").path("taskId").asText();

        JsonNode ended = awaitEnded(bulwark, taskId);
        assertThat(ended.path("status").asText()).as(ended.toString()).isEqualTo("completed");
        assertThat(ended.path("result").path("content").path(0).path("text").asText())
                .isEqualTo("contents of a.txt");
        assertThat(upstream.calls).containsExactly("read {path=a.txt}");
    }

    @Test
    void anUpstreamToolThatRequiresTasksRunsAsABulwarkTaskThoughTheUpstreamForbidsNone() throws Exception {
        Bulwark bulwark = bulwark(TaskSupport.FORBIDDEN);

        JsonNode created = request(bulwark, "tools/call", "\"name\":\"files_build\",\"arguments\":{}");
        String taskId = created.path("result").path("taskId").asText();

        JsonNode ended = awaitEnded(bulwark, taskId);
        assertThat(ended.path("status").asText()).as(ended.toString()).isEqualTo("completed");
        assertThat(upstream.calls).containsExactly("build {}");
    }

    @Test
    void cancellingTheTaskCancelsTheUpstreamCall() throws Exception {
        Bulwark bulwark = bulwark(TaskSupport.OPTIONAL);
        upstream.hang = true;

        String taskId = request(bulwark, "tools/call", "\"name\":\"files_read\",\"arguments\":{\"path\":\"big\"}")
                .path("result")
                .path("taskId")
                .asText();
        await("the upstream call runs").atMost(Duration.ofSeconds(30)).until(() -> !upstream.calls.isEmpty());

        JsonNode cancelled = request(bulwark, "tasks/cancel", "\"taskId\":\"" + taskId + "\"");

        assertThat(cancelled.has("error")).as(cancelled.toString()).isFalse();
        await("the upstream call is interrupted, which cancels it upstream")
                .atMost(Duration.ofSeconds(30))
                .until(() -> upstream.interrupted);
        assertThat(awaitEnded(bulwark, taskId).path("status").asText()).isEqualTo("cancelled");
    }

    @Test
    @SuppressWarnings("unchecked")
    void a2025SessionRunsAsATaskAToolOfAnUpstreamThatConnectedOnceTheServerRuns() {
        upstream.connected = false;
        Bulwark bulwark = bulwark(TaskSupport.OPTIONAL);
        Session session = session(bulwark);

        upstream.connect();
        await("the upstream's tools are served")
                .atMost(Duration.ofSeconds(30))
                .until(() -> bulwark.catalogue().tool("files_read").isPresent());
        Map<String, Object> created = session.send(
                "tools/call", Map.of("name", "files_read", "arguments", Map.of("path", "f.txt"), "task", Map.of()));
        String taskId = (String) ((Map<String, Object>) created.get("task")).get("taskId");
        Map<String, Object> result = session.send("tasks/result", Map.of("taskId", taskId));

        assertThat(result.get("content")).as(result.toString()).asString().contains("contents of f.txt");
        assertThat(upstream.calls).containsExactly("read {path=f.txt}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void a2025SessionThatAsksForATaskGetsOneAndItsResult() {
        Bulwark bulwark = bulwark(TaskSupport.OPTIONAL);
        Session session = session(bulwark);

        Map<String, Object> created = session.send(
                "tools/call", Map.of("name", "files_read", "arguments", Map.of("path", "b.txt"), "task", Map.of()));
        String taskId = (String) ((Map<String, Object>) created.get("task")).get("taskId");
        Map<String, Object> result = session.send("tasks/result", Map.of("taskId", taskId));

        assertThat(result.get("content").toString()).contains("contents of b.txt");
        assertThat(session.send("tasks/get", Map.of("taskId", taskId))).containsEntry("status", "completed");
        assertThat(upstream.calls).containsExactly("read {path=b.txt}");
    }

    @Test
    void aWorkerSharingTheQueueRunsAQueuedGatewayTaskAgainstItsUpstream() {
        InMemoryTaskStore store = new InMemoryTaskStore();
        InMemoryTaskQueue queue = new InMemoryTaskQueue(System::nanoTime);
        Instant now = Instant.now();
        TaskRecord queued = TaskRecord.working(
                "queued-by-a-server",
                CALLER.subject(),
                "files_read",
                now,
                now.plus(Duration.ofHours(1)),
                now.plus(Duration.ofHours(1)),
                "{\"name\":\"files_read\",\"arguments\":{\"path\":\"c.txt\"}}",
                null);
        store.create(queued, 100, 100, now);
        queue.offer(
                new QueuedTask(queued.taskId(), CALLER.subject(), CALLER.scopes(), "files_read"),
                TaskQueue.Bounds.NONE);

        upstream.taskSupport = TaskSupport.OPTIONAL;
        Bulwark worker = Bulwark.builder(BulwarkConfig.defaults())
                .pack(new GatewayPack(upstream, List.of(EXPOSURE)))
                .taskSettings(TaskSettings.defaults().withPollInterval(Duration.ofMillis(100)))
                .taskStore(store)
                .taskQueue(queue)
                .build();
        closing.add(0, worker);

        await("the worker ran the task and stored its outcome")
                .atMost(Duration.ofSeconds(60))
                .until(() -> store.find(queued.taskId(), Instant.now())
                                .map(TaskRecord::status)
                                .orElseThrow()
                        == TaskStatus.COMPLETED);
        assertThat(upstream.calls).containsExactly("read {path=c.txt}");
        assertThat(store.find(queued.taskId(), Instant.now()).orElseThrow().toString())
                .contains("contents of c.txt");
    }

    private JsonNode awaitEnded(Bulwark bulwark, String taskId) {
        JsonNode[] last = new JsonNode[1];
        await("task " + taskId + " ends").atMost(Duration.ofSeconds(60)).until(() -> {
            last[0] = request(bulwark, "tasks/get", "\"taskId\":\"" + taskId + "\"")
                    .path("result");
            return !last[0].path("status").asText().equals("working");
        });
        return last[0];
    }

    private static JsonNode request(Bulwark bulwark, String method, String params) throws Exception {
        Map<String, Object> message = JSON.readValue(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":{" + params + "," + META + "}}",
                new TypeReference<Map<String, Object>>() {});
        String answer = bulwark.era2026()
                .serve(Era2026Request.overStdio(message, RequestOrigin.of(CALLER)), notification -> {})
                .get(30, TimeUnit.SECONDS)
                .json();
        return JSON.readTree(answer);
    }

    /**
     * A session of the SDK's client; the client has no task methods, so each task request goes as a {@code ping}
     * rewritten on its way, and its answer is read as the ping's result.
     */
    private Session session(Bulwark bulwark) {
        InMemoryTransport transport = new InMemoryTransport(bulwark.jsonMapper());
        bulwark.serve(transport, CALLER);
        ConcurrentLinkedQueue<McpSchema.JSONRPCRequest> next = new ConcurrentLinkedQueue<>();
        McpSyncClient client = McpClient.sync(transport.newClient(message -> {
                    if (message instanceof McpSchema.JSONRPCRequest ping && "ping".equals(ping.method())) {
                        McpSchema.JSONRPCRequest instead = next.poll();
                        if (instead != null) {
                            return new McpSchema.JSONRPCRequest(
                                    ping.jsonrpc(), instead.method(), ping.id(), instead.params());
                        }
                    }
                    return message;
                }))
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        client.initialize();
        closing.add(0, client::closeGracefully);
        return new Session(client, next);
    }

    private record Session(McpSyncClient sdk, ConcurrentLinkedQueue<McpSchema.JSONRPCRequest> next) {
        @SuppressWarnings("unchecked")
        Map<String, Object> send(String method, Map<String, Object> params) {
            synchronized (this) {
                next.add(new McpSchema.JSONRPCRequest("2.0", method, "x", params));
                return (Map<String, Object>) sdk.ping();
            }
        }
    }

    /** One upstream, {@code files}: {@code read} lists no task support, {@code build} requires tasks. */
    private static final class FakeUpstreams implements McpUpstreams {

        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile TaskSupport taskSupport = TaskSupport.FORBIDDEN;
        /** Whether it lists its tools; one not yet connected lists none. */
        volatile boolean connected = true;

        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean hang;
        volatile boolean interrupted;

        @Override
        public List<String> names() {
            return List.of("files");
        }

        @Override
        public TaskSupport taskSupport(String name) {
            return taskSupport;
        }

        @Override
        public List<UpstreamTool> tools(String name) {
            if (!connected) {
                return List.of();
            }
            return java.util.stream.Stream.concat(
                            later.stream(),
                            java.util.stream.Stream.of(
                                    new UpstreamTool(
                                            "read",
                                            "",
                                            "Reads a file",
                                            Map.of("type", "object"),
                                            Optional.empty(),
                                            true),
                                    new UpstreamTool(
                                            "build",
                                            "",
                                            "Builds a report, as a task only",
                                            Map.of("type", "object"),
                                            Optional.empty(),
                                            false,
                                            TaskSupport.REQUIRED)))
                    .toList();
        }

        @Override
        public UpstreamResult call(String name, String tool, Map<String, Object> arguments) {
            calls.add(tool + " " + arguments);
            if (hang) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                    throw new UpstreamCallException(name, UpstreamFailure.CANCELLED, "Upstream files cancelled");
                }
            }
            return new UpstreamResult(
                    List.of(Map.of("type", "text", "text", "contents of " + arguments.get("path"))),
                    Optional.empty(),
                    false);
        }

        @Override
        public void onToolsChanged(Consumer<String> listener) {
            listeners.add(listener);
        }

        final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
        final List<UpstreamTool> later = new CopyOnWriteArrayList<>();

        /** Connects, listing its tools from now on, and says so as a connection does. */
        void connect() {
            connected = true;
            listeners.forEach(listener -> listener.accept("files"));
        }

        /** Lists {@code tool} too from now on and says so, as {@code notifications/tools/list_changed}. */
        void add(UpstreamTool tool) {
            later.add(tool);
            listeners.forEach(listener -> listener.accept("files"));
        }

        @Override
        public List<UpstreamPrompt> prompts(String name) {
            return List.of();
        }

        @Override
        public UpstreamPromptResult prompt(String name, String prompt, Map<String, String> arguments) {
            throw new UpstreamCallException(name, UpstreamFailure.NOT_FOUND, "no prompts");
        }

        @Override
        public void onPromptsChanged(Consumer<String> listener) {}
    }
}
