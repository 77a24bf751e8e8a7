package dev.bulwark.core.internal.business.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.core.internal.presentation.tasks.TaskCallResults;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A task over its tool's concurrency limit waits for a slot instead of ending as busy. */
class TaskQueueingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestOrigin ALICE = RequestOrigin.of(Principal.of("alice"));
    private static final RequestOrigin BOB = RequestOrigin.of(Principal.of("bob"));

    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private final List<Run> runs = new ArrayList<>();
    private Era2026View tasks = tasks(TaskSettings.defaults().withMaxQueued(2, 3));

    record Run(String taskId, CompletableFuture<TaskOutcome> outcome, CompletableFuture<Void> cancelled) {}

    private Era2026View tasks(TaskSettings settings) {
        Tool<Map, Void> single = Tool.builder("single", Map.class, Void.class)
                .inputSchema(Map.of("type", "object"))
                .description("one call at once")
                .maxConcurrency(1)
                .taskSupport(Tool.TaskSupport.OPTIONAL)
                .handler((input, context) -> ToolResult.text("done"))
                .build();
        return new Era2026View(
                JSON,
                settings,
                new TaskEngine(
                        JSON,
                        store,
                        settings,
                        Clock.fixed(Instant.parse("2026-07-28T10:00:00Z"), ZoneOffset.UTC),
                        List.of(single),
                        16,
                        (taskId, params, origin, cancelled) -> {
                            Run run = new Run(taskId, new CompletableFuture<>(), cancelled);
                            runs.add(run);
                            return run.outcome();
                        },
                        Optional.empty(),
                        Optional.empty()));
    }

    @AfterEach
    void stopHeartbeat() {
        tasks.close();
    }

    private String start(RequestOrigin origin) {
        return tasks.start(JSON.createObjectNode().put("name", "single"), origin)
                .path("taskId")
                .asText();
    }

    private static ObjectNode result(String text, String errorType) {
        ObjectNode result = JSON.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        if (errorType != null) {
            result.put("isError", true).putObject("_meta").put("dev.bulwark/error-type", errorType);
        }
        return result;
    }

    private List<String> ranIds() {
        return runs.stream().map(Run::taskId).toList();
    }

    @Test
    void aTaskOverItsToolsLimitWaitsWorkingWithAMessageThenRunsWhenTheSlotFrees() {
        String first = start(ALICE);
        String second = start(ALICE);

        assertThat(ranIds()).containsExactly(first);
        JsonNode waiting = tasks.get(second, ALICE);
        assertThat(waiting.path("status").asText()).isEqualTo("working");
        assertThat(waiting.path("statusMessage").asText())
                .isEqualTo("Waiting for a slot: tool 'single' runs at most 1 calls at once; this task starts when"
                        + " one frees");
        assertThat(tasks.get(first, ALICE).has("statusMessage")).isFalse();
        assertThat(tasks.runsHere(second)).isTrue(); // its lease is renewed while it waits

        runs.get(0).outcome().complete(new TaskOutcome(null, result("1", null), null));

        assertThat(tasks.get(first, ALICE).path("status").asText()).isEqualTo("completed");
        assertThat(ranIds()).containsExactly(first, second);
        assertThat(tasks.get(second, ALICE).has("statusMessage")).isFalse();
    }

    @Test
    void waitingTasksCountTowardTheQueuedLimitNotTheActiveOne() {
        tasks.close();
        tasks = tasks(TaskSettings.defaults().withPerCallerLimits(1000, 2).withMaxQueued(3, 100));
        String running = start(ALICE);
        List<String> waiting = List.of(start(ALICE), start(ALICE), start(ALICE));

        assertThat(ranIds()).containsExactly(running);
        assertThat(waiting)
                .allSatisfy(taskId -> assertThat(
                                tasks.get(taskId, ALICE).path("statusMessage").asText())
                        .startsWith("Waiting for a slot"));
        assertThatThrownBy(() -> start(ALICE))
                .isInstanceOf(TaskBusy.class)
                .hasMessageContaining("tasks.max-queued-per-caller");
    }

    @Test
    void servesTheOtherCallerBeforeTheRestOfABurst() {
        String first = start(ALICE);
        String aliceSecond = start(ALICE);
        String aliceThird = start(ALICE);
        String bobs = start(BOB);

        runs.get(0).outcome().complete(new TaskOutcome(null, result("1", null), null));
        runs.get(1).outcome().complete(new TaskOutcome(null, result("2", null), null));

        assertThat(ranIds()).containsExactly(first, aliceSecond, bobs);
        runs.get(2).outcome().complete(new TaskOutcome(null, result("3", null), null));
        assertThat(ranIds()).containsExactly(first, aliceSecond, bobs, aliceThird);
    }

    @Test
    void refusesATaskBeyondTheQueueBoundsAsBusyWithARetryHintAndKeepsNothingOfIt() {
        start(ALICE); // runs
        start(ALICE);
        start(ALICE); // two of alice's wait: her bound

        assertThatThrownBy(() -> start(ALICE)).isInstanceOfSatisfying(TaskBusy.class, busy -> {
            assertThat(busy.getMessage()).contains("tasks.max-queued-per-caller");
            assertThat(busy.retryAfter()).isEqualTo(TaskSettings.DEFAULT_POLL_INTERVAL);
            assertThat(TaskCallResults.busy(busy).meta())
                    .containsEntry("dev.bulwark/error-type", "busy")
                    .containsEntry("dev.bulwark/retry-after-ms", 1000L);
        });
        assertThat(tasks.owned(ALICE)).hasSize(3);
        start(BOB); // the third place in all
        assertThatThrownBy(() -> start(BOB)).isInstanceOf(TaskBusy.class).hasMessageContaining("tasks.max-queued)");
        assertThat(tasks.owned(BOB)).hasSize(1);
    }

    @Test
    void aCancelledWaitingTaskNeverRunsAndIsForgottenHere() {
        String first = start(ALICE);
        String second = start(ALICE);
        String third = start(ALICE);

        tasks.cancel(second, ALICE);
        runs.get(0).outcome().complete(new TaskOutcome(null, result("1", null), null));

        assertThat(tasks.get(second, ALICE).path("status").asText()).isEqualTo("cancelled");
        assertThat(tasks.runsHere(second)).isFalse();
        assertThat(ranIds()).containsExactly(first, third);
    }

    @Test
    void aRunRefusedAsBusyByThePipelineWaitsAgainAndRunsOnTheNextHeartbeat() {
        String taskId = start(ALICE);

        runs.get(0).outcome().complete(new TaskOutcome(null, result("Server busy", "busy"), null));

        assertThat(tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("working");
        assertThat(tasks.get(taskId, ALICE).path("statusMessage").asText()).startsWith("Waiting for a slot");
        assertThat(runs).hasSize(1);
        tasks.beat();
        assertThat(ranIds()).containsExactly(taskId, taskId);
        runs.get(1).outcome().complete(new TaskOutcome(null, result("done", null), null));
        assertThat(tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("completed");
        assertThat(tasks.runsHere(taskId)).isFalse();
    }

    @Test
    void aTaskCancelledAfterARunRefusedAsBusyIsForgottenHere() {
        String taskId = start(ALICE);
        runs.get(0).outcome().complete(new TaskOutcome(null, result("Server busy", "busy"), null));

        tasks.cancel(taskId, ALICE);
        tasks.beat();

        assertThat(runs).hasSize(1);
        assertThat(tasks.runsHere(taskId)).isFalse();
        assertThat(tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("cancelled");
    }
}
