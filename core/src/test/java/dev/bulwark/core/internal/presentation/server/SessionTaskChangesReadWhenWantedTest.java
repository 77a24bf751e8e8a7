package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.business.tasks.TaskEngine;
import dev.bulwark.core.internal.business.tasks.TaskOutcome;
import dev.bulwark.core.internal.data.tasks.CountingTaskStore;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.core.internal.data.tasks.SharedTaskChangeFeed;
import dev.bulwark.core.internal.presentation.tasks.TaskAdmission;
import dev.bulwark.core.internal.presentation.tasks.TaskRequestMetrics;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The session era on instance B reads a task changed on instance A only when it is one of its sessions' tasks. */
class SessionTaskChangesReadWhenWantedTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemoryTaskStore shared = new InMemoryTaskStore();
    private final SharedTaskChangeFeed feed = new SharedTaskChangeFeed();
    private final List<CompletableFuture<TaskOutcome>> runsOnA = new CopyOnWriteArrayList<>();
    private final Tool<Map, Void> slow = Tool.builder("slow", Map.class, Void.class)
            .description("slow")
            .taskSupport(Tool.TaskSupport.OPTIONAL)
            .handler((input, context) -> ToolResult.text("done"))
            .build();
    private final TaskEngine a = new TaskEngine(
            JSON,
            new CountingTaskStore(shared),
            TaskSettings.defaults(),
            Clock.systemUTC(),
            List.of(slow),
            8,
            (taskId, params, origin, cancelled) -> {
                CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
                runsOnA.add(outcome);
                return outcome;
            },
            Optional.empty(),
            Optional.of(feed));
    private final CountingTaskStore storeOfB = new CountingTaskStore(shared);
    private final TaskEngine b = new TaskEngine(
            JSON,
            storeOfB,
            TaskSettings.defaults(),
            Clock.systemUTC(),
            List.of(slow),
            8,
            (taskId, params, origin, cancelled) -> new CompletableFuture<>(),
            Optional.empty(),
            Optional.of(feed));
    private final SessionTasks sessionTasksOfB = new SessionTasks(
            JSON,
            new JacksonMcpJsonMapper(JSON),
            b,
            new TaskRequestMetrics(new SimpleMeterRegistry()),
            TaskSettings.defaults(),
            TaskAdmission.ALL,
            List.of(slow));

    @AfterEach
    void stop() {
        sessionTasksOfB.close();
        a.close();
        b.close();
    }

    @Test
    void aChangeOnAnotherInstanceOfATaskOfNoSessionHereCostsNoRead() throws Exception {
        String taskId = a.start(JSON.createObjectNode().put("name", "slow"), RequestOrigin.of(Principal.of("alice")))
                .taskId();
        runsOnA.get(0)
                .complete(new TaskOutcome(
                        null, (ObjectNode) JSON.readTree("{\"content\":[{\"type\":\"text\",\"text\":\"42\"}]}"), null));

        assertThat(feed.delivered(taskId))
                .as("changes of the task the feed carried")
                .isPositive();
        assertThat(storeOfB.finds(taskId)).isZero();
    }
}
