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
import dev.bulwark.core.internal.business.tasks.TaskRunner;
import dev.bulwark.core.internal.data.tasks.CountingTaskStore;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.core.internal.data.tasks.SharedTaskChangeFeed;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.tasks.TaskStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances share a task store and a feed of changes: instance B reads a task changed on A only while a
 * subscription on B watches it.
 */
class TaskChangesReadWhenWantedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestOrigin ALICE = RequestOrigin.of(Principal.of("alice"));

    private final InMemoryTaskStore shared = new InMemoryTaskStore();
    private final SharedTaskChangeFeed feed = new SharedTaskChangeFeed();
    private final List<CompletableFuture<TaskOutcome>> runsOnA = new CopyOnWriteArrayList<>();
    private final TaskEngine a = engine(new CountingTaskStore(shared), (taskId, params, origin, cancelled) -> {
        CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
        runsOnA.add(outcome);
        return outcome;
    });
    private final CountingTaskStore storeOfB = new CountingTaskStore(shared);
    private final TaskEngine b = engine(storeOfB, (taskId, params, origin, cancelled) -> new CompletableFuture<>());
    private final TaskWire wireOfA = new TaskWire(JSON, TaskSettings.defaults(), a);
    private final Subscriptions subscriptionsOfB = new Subscriptions(JSON, true);
    private final AutoCloseable toldOnB =
            Era2026Server.tellSubscriptions(b, new TaskWire(JSON, TaskSettings.defaults(), b), subscriptionsOfB);

    private TaskEngine engine(TaskStore store, TaskRunner runner) {
        Tool<Map, Void> slow = Tool.builder("slow", Map.class, Void.class)
                .inputSchema(Map.of("type", "object"))
                .description("slow")
                .taskSupport(Tool.TaskSupport.OPTIONAL)
                .handler((input, context) -> ToolResult.text("done"))
                .build();
        return new TaskEngine(
                JSON,
                store,
                TaskSettings.defaults(),
                Clock.systemUTC(),
                List.of(slow),
                8,
                runner,
                Optional.empty(),
                Optional.of(feed));
    }

    @AfterEach
    void stop() throws Exception {
        toldOnB.close();
        a.close();
        b.close();
    }

    @Test
    void aChangeOnAnotherInstanceThatNoSubscriptionHereWatchesCostsNoRead() throws Exception {
        String taskId = startOnA();
        completeOnA();

        assertThat(feed.delivered(taskId))
                .as("changes of the task the feed carried")
                .isGreaterThan(0);
        assertThat(storeOfB.finds(taskId)).isZero();
    }

    @Test
    void aChangeOnAnotherInstanceIsReadOnceAndToldToTheSubscriptionWatchingIt() throws Exception {
        String taskId = startOnA();
        List<JsonNode> received = listenOnB(1, "alice", taskId);
        int before = feed.delivered(taskId);

        completeOnA();

        assertThat(feed.delivered(taskId) - before).isEqualTo(1);
        assertThat(storeOfB.finds(taskId)).isEqualTo(1);
        assertThat(received).hasSize(2);
        assertThat(received.get(1).path("params").path("taskId").asText()).isEqualTo(taskId);
        assertThat(received.get(1).path("params").path("status").asText()).isEqualTo("completed");
    }

    @Test
    void aSubscriptionOfAnotherCallerNamingTheTaskDoesNotMakeItRead() throws Exception {
        String taskId = startOnA();
        List<JsonNode> bob = listenOnB(1, "bob", taskId);

        completeOnA();

        assertThat(storeOfB.finds(taskId)).isZero();
        assertThat(bob).hasSize(1);
    }

    @Test
    void aClosedSubscriptionNoLongerMakesTheTaskRead() throws Exception {
        String taskId = startOnA();
        Era2026Answer answer = subscriptionsOfB.listen(IntNode.valueOf(1), listenParams(taskId), "alice");
        answer.stream().orElseThrow().open(line -> {}, () -> {});
        answer.stream().orElseThrow().close();

        completeOnA();

        assertThat(storeOfB.finds(taskId)).isZero();
    }

    private String startOnA() {
        return wireOfA.created(a.start(JSON.createObjectNode().put("name", "slow"), ALICE))
                .path("taskId")
                .asText();
    }

    private void completeOnA() throws Exception {
        ObjectNode result = (ObjectNode) JSON.readTree("{\"content\":[{\"type\":\"text\",\"text\":\"42\"}]}");
        runsOnA.get(0).complete(new TaskOutcome(null, result, null));
    }

    private List<JsonNode> listenOnB(int id, String caller, String taskId) throws Exception {
        Era2026Answer answer = subscriptionsOfB.listen(IntNode.valueOf(id), listenParams(taskId), caller);
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        received.add(JSON.readTree(answer.json()));
        answer.stream().orElseThrow().open(line -> received.add(read(line)), () -> {});
        return received;
    }

    private static ObjectNode listenParams(String taskId) {
        ObjectNode params = JSON.createObjectNode();
        ArrayNode ids = params.putObject("notifications").putArray("taskIds");
        ids.add(taskId);
        params.putObject("_meta")
                .putObject("io.modelcontextprotocol/clientCapabilities")
                .putObject("extensions")
                .putObject(TaskMethods.ID);
        return params;
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
