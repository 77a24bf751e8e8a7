package dev.bulwark.core.internal.presentation.era2026;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.business.tasks.TaskEngine;
import dev.bulwark.core.internal.business.tasks.TaskOutcome;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.era2026.NotificationStream;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code notifications/tasks} on a {@code subscriptions/listen} stream: a caller is told of its own tasks only. */
class TaskNotificationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestOrigin ALICE = RequestOrigin.of(Principal.of("alice"));

    private final SettableClock clock = new SettableClock();
    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private final List<CompletableFuture<TaskOutcome>> runs = new ArrayList<>();
    private final Subscriptions subscriptions = new Subscriptions(JSON, true);
    private final TaskEngine tasks = tasks();
    private final TaskWire wire = new TaskWire(JSON, TaskSettings.defaults(), tasks);
    private final AutoCloseable told = Era2026Server.tellSubscriptions(tasks, wire, subscriptions);

    private TaskEngine tasks() {
        Tool<Map, Void> slow = Tool.builder("slow", Map.class, Void.class)
                .inputSchema(Map.of("type", "object"))
                .description("slow")
                .taskSupport(Tool.TaskSupport.OPTIONAL)
                .handler((input, context) -> ToolResult.text("done"))
                .build();
        return new TaskEngine(
                JSON, store, TaskSettings.defaults(), clock, List.of(slow), (taskId, params, origin, cancelled) -> {
                    CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
                    runs.add(outcome);
                    return outcome;
                });
    }

    @AfterEach
    void stopHeartbeat() {
        tasks.close();
    }

    private String start() {
        return wire.created(tasks.start(JSON.createObjectNode().put("name", "slow"), ALICE))
                .path("taskId")
                .asText();
    }

    private static ObjectNode listenParams(boolean declaresTasks, String... taskIds) {
        ObjectNode params = JSON.createObjectNode();
        ArrayNode ids = params.putObject("notifications").putArray("taskIds");
        for (String taskId : taskIds) {
            ids.add(taskId);
        }
        ObjectNode capabilities = params.putObject("_meta").putObject("io.modelcontextprotocol/clientCapabilities");
        if (declaresTasks) {
            capabilities.putObject("extensions").putObject(TaskMethods.ID);
        }
        return params;
    }

    /** The messages a listener's stream received, the acknowledgement first. */
    private List<JsonNode> listen(int id, String caller, String... taskIds) throws Exception {
        Era2026Answer answer = subscriptions.listen(IntNode.valueOf(id), listenParams(true, taskIds), caller);
        List<JsonNode> received = new ArrayList<>();
        received.add(JSON.readTree(answer.json()));
        answer.stream().orElseThrow().open(line -> received.add(read(line)), () -> {});
        return received;
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectNode result(String text) throws Exception {
        return (ObjectNode) JSON.readTree("{\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}");
    }

    private static List<String> statuses(List<JsonNode> received) {
        return received.stream()
                .filter(message ->
                        Subscriptions.TASK_STATUS.equals(message.path("method").asText()))
                .map(message -> message.path("params").path("status").asText())
                .toList();
    }

    @Test
    void theOwnerIsToldEachStatusOfItsTaskWithTheTaskAsTasksGetShowsIt() throws Exception {
        String taskId = start();
        List<JsonNode> received = listen(7, "alice", taskId);

        ObjectNode asked = (ObjectNode) JSON.readTree("{\"name\":{\"method\":\"elicitation/create\"}}");
        runs.get(0).complete(new TaskOutcome(asked, null, null));
        tasks.update(taskId, JSON.readTree("{\"name\":{\"action\":\"accept\"}}"), ALICE);
        runs.get(1).complete(new TaskOutcome(null, result("42"), null));

        assertThat(received.get(0).path("params").path("notifications"))
                .isEqualTo(JSON.readTree("{\"taskIds\":[\"" + taskId + "\"]}"));
        assertThat(statuses(received)).containsExactly("input_required", "working", "completed");
        JsonNode inputRequired = received.get(1).path("params");
        assertThat(inputRequired.path("inputRequests")).isEqualTo(asked);
        JsonNode completed = received.get(3);
        assertThat(completed.path("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(completed.has("id")).isFalse();
        assertThat(completed
                        .path("params")
                        .path("_meta")
                        .path(Era2026Protocol.SUBSCRIPTION_ID)
                        .asInt())
                .isEqualTo(7);
        ObjectNode withoutMeta = completed.path("params").deepCopy();
        withoutMeta.remove("_meta");
        assertThat(withoutMeta)
                .isEqualTo(JSON.readTree(
                        wire.detailed(tasks.visible(taskId, ALICE)).toString()));
        assertThat(withoutMeta
                        .path("result")
                        .path("content")
                        .path(0)
                        .path("text")
                        .asText())
                .isEqualTo("42");
    }

    @Test
    void aCancelledTaskAndOneWhoseInstanceWasLostAreToldToo() throws Exception {
        String cancelled = start();
        List<JsonNode> received = listen(1, "alice", cancelled);
        tasks.cancel(cancelled, ALICE);
        assertThat(statuses(received)).containsExactly("cancelled");

        TaskEngine elsewhere = new TaskEngine(
                JSON,
                store,
                TaskSettings.defaults(),
                clock,
                List.of(),
                (taskId, params, origin, stop) -> new CompletableFuture<>());
        String lost;
        try {
            // another instance started it and stopped: its lease runs out, and the next read here fails it
            lost = wire.created(elsewhere.start(JSON.createObjectNode().put("name", "slow"), ALICE))
                    .path("taskId")
                    .asText();
        } finally {
            elsewhere.close();
        }
        List<JsonNode> watching = listen(2, "alice", lost);
        clock.advance(TaskSettings.DEFAULT_LEASE.plus(Duration.ofSeconds(1)));

        assertThat(wire.detailed(tasks.visible(lost, ALICE)).path("status").asText())
                .isEqualTo("failed");
        assertThat(statuses(watching)).containsExactly("failed");
        assertThat(watching.get(1).path("params").path("error").path("code").asInt())
                .isEqualTo(-32603);
    }

    @Test
    void anotherCallerNamingTheTaskIsToldNothingAndLearnsNothingFromItsAcknowledgement() throws Exception {
        String taskId = start();
        List<JsonNode> bob = listen(1, "bob", taskId);
        List<JsonNode> bobsOther = listen(2, "bob", "no-such-task");

        runs.get(0).complete(new TaskOutcome(null, result("secret"), null));

        assertThat(bob).hasSize(1);
        assertThat(bob.get(0).path("params").path("notifications").path("taskIds"))
                .isEqualTo(JSON.readTree("[\"" + taskId + "\"]"));
        assertThat(bobsOther.get(0).path("params").path("notifications").path("taskIds"))
                .isEqualTo(JSON.readTree("[\"no-such-task\"]"));
    }

    @Test
    void aListenerIsToldOnlyOfTheTasksItNamed() throws Exception {
        String watched = start();
        String other = start();
        List<JsonNode> received = listen(1, "alice", watched);

        runs.get(1).complete(new TaskOutcome(null, result("other"), null));
        runs.get(0).complete(new TaskOutcome(null, result("watched"), null));

        assertThat(received).hasSize(2);
        assertThat(received.get(1).path("params").path("taskId").asText()).isEqualTo(watched);
        assertThat(other).isNotEqualTo(watched);
    }

    @Test
    void aChangeBeforeTheStreamOpensIsSentRightAfterTheAcknowledgement() throws Exception {
        String taskId = start();
        Era2026Answer answer = subscriptions.listen(IntNode.valueOf(1), listenParams(true, taskId), "alice");

        runs.get(0).complete(new TaskOutcome(null, result("early"), null));
        List<String> sent = new ArrayList<>();
        answer.stream().orElseThrow().open(sent::add, () -> {});

        assertThat(sent).hasSize(1);
        assertThat(read(sent.get(0)).path("params").path("status").asText()).isEqualTo("completed");
    }

    @Test
    void aClosedStreamIsToldNothingAndAnEndedOneGetsItsResultLast() throws Exception {
        String taskId = start();
        String second = start();
        Era2026Answer answer = subscriptions.listen(IntNode.valueOf(1), listenParams(true, taskId), "alice");
        NotificationStream stream = answer.stream().orElseThrow();
        List<String> sent = new ArrayList<>();
        stream.open(sent::add, () -> {});
        Era2026Answer ending = subscriptions.listen(IntNode.valueOf(2), listenParams(true, second), "alice");
        List<String> endingSent = new ArrayList<>();
        ending.stream().orElseThrow().open(endingSent::add, () -> {});

        stream.close();
        runs.get(0).complete(new TaskOutcome(null, result("late"), null));
        subscriptions.closeAll();
        runs.get(1).complete(new TaskOutcome(null, result("after the end"), null));

        assertThat(sent).isEmpty();
        assertThat(endingSent).hasSize(1);
        assertThat(read(endingSent.get(0)).path("result").path("resultType").asText())
                .isEqualTo("complete");
    }

    @Test
    void askingForTaskIdsWithoutDeclaringTheExtensionIsRefusedWithTheMissingCapability() throws Exception {
        Era2026Answer refused = subscriptions.listen(IntNode.valueOf(3), listenParams(false, "t"), "alice");

        assertThat(refused.stream()).isEmpty();
        JsonNode error = JSON.readTree(refused.json()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(Era2026Protocol.MISSING_REQUIRED_CLIENT_CAPABILITY);
        assertThat(error.path("data"))
                .isEqualTo(
                        JSON.readTree("{\"requiredCapabilities\":{\"extensions\":{\"" + TaskMethods.ID + "\":{}}}}"));
        assertThat(subscriptions.openCount("alice")).isZero();
    }

    @Test
    void taskIdsThatAreNotAnArrayOfStringsAreRefusedNamingTheField() throws Exception {
        ObjectNode params = listenParams(true);
        ((ObjectNode) params.get("notifications")).putArray("taskIds").add(1);

        Era2026Answer refused = subscriptions.listen(IntNode.valueOf(4), params, "alice");

        JsonNode error = JSON.readTree(refused.json()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32602);
        assertThat(error.path("message").asText()).contains("notifications.taskIds");
    }

    @Test
    void aServerWithNoTaskToolAcknowledgesNoTaskIds() throws Exception {
        Subscriptions withoutTasks = new Subscriptions(JSON, false);

        Era2026Answer answer = withoutTasks.listen(IntNode.valueOf(5), listenParams(true, "t"), "alice");

        assertThat(JSON.readTree(answer.json()).path("params").path("notifications"))
                .isEqualTo(JSON.createObjectNode());
    }
}
