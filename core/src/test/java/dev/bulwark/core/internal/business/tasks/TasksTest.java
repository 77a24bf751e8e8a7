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
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStoreFullException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TasksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestOrigin ALICE = RequestOrigin.of(Principal.of("alice"));
    private static final RequestOrigin BOB = RequestOrigin.of(Principal.of("bob"));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-07-28T10:00:00Z"));
    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private final List<Run> runs = new ArrayList<>();
    private Era2026View tasks = tasks(TaskSettings.defaults());

    /** One run the fake runner was asked for: its params, and what ends or cancels it. */
    record Run(ObjectNode params, CompletableFuture<TaskOutcome> outcome, CompletableFuture<Void> cancelled) {}

    private Era2026View tasks(TaskSettings settings) {
        Tool<Map, Void> slow = Tool.builder("slow", Map.class, Void.class)
                .inputSchema(Map.of("type", "object"))
                .description("slow")
                .taskSupport(Tool.TaskSupport.OPTIONAL)
                .handler((input, context) -> ToolResult.text("done"))
                .build();
        return new Era2026View(
                JSON,
                settings,
                new TaskEngine(JSON, store, settings, clock, List.of(slow), (taskId, params, origin, cancelled) -> {
                    Run run = new Run(params, new CompletableFuture<>(), cancelled);
                    runs.add(run);
                    return run.outcome();
                }));
    }

    @AfterEach
    void stopHeartbeat() {
        tasks.close();
    }

    private String start(RequestOrigin origin) {
        ObjectNode params = JSON.createObjectNode().put("name", "slow");
        ObjectNode created = tasks.start(params, origin);
        assertThat(created.path("resultType").asText()).isEqualTo("task");
        return created.path("taskId").asText();
    }

    private ObjectNode result(String text, String errorType) throws Exception {
        ObjectNode result = (ObjectNode) JSON.readTree("{\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}");
        if (errorType != null) {
            result.put("isError", true).putObject("_meta").put("dev.bulwark/error-type", errorType);
        }
        return result;
    }

    @Test
    void answersAWorkingTaskThenItsInlinedResult() throws Exception {
        String taskId = start(ALICE);

        assertThat(tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("working");
        assertThat(tasks.get(taskId, ALICE).has("result")).isFalse();
        runs.get(0).outcome().complete(new TaskOutcome(null, result("42", null), null));

        JsonNode done = tasks.get(taskId, ALICE);
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("result").path("content").path(0).path("text").asText())
                .isEqualTo("42");
    }

    @Test
    void runsTheCallUnderTheTaskIdAsItsRequestId() {
        String taskId = start(ALICE);

        assertThat(runs.get(0)
                        .params()
                        .path("_meta")
                        .path("dev.bulwark/request-id")
                        .asText())
                .isEqualTo("task:" + taskId);
    }

    @Test
    void hidesATaskFromEveryOtherCallerInEveryOperation() {
        String taskId = start(ALICE);

        assertThatThrownBy(() -> tasks.get(taskId, BOB)).isInstanceOf(TaskNotFound.class);
        assertThatThrownBy(() -> tasks.cancel(taskId, BOB)).isInstanceOf(TaskNotFound.class);
        assertThatThrownBy(() -> tasks.update(taskId, JSON.createObjectNode(), BOB))
                .isInstanceOf(TaskNotFound.class);
        assertThat(tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("working");
        assertThat(runs.get(0).cancelled()).isNotDone();
    }

    @Test
    void givesEveryTaskAnIdOfAtLeast128RandomBits() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            ids.add(start(ALICE));
        }
        assertThat(ids).hasSize(10).allSatisfy(id -> assertThat(id).matches("[A-Za-z0-9_-]{27,}"));
    }

    @Test
    void cancelsTheRunAndKeepsTheTaskCancelledWhenItEndsAnyway() throws Exception {
        String taskId = start(ALICE);

        tasks.cancel(taskId, ALICE);
        runs.get(0).outcome().complete(new TaskOutcome(null, result("late", null), null));

        assertThat(runs.get(0).cancelled()).isDone();
        assertThat(tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("cancelled");
        tasks.cancel(taskId, ALICE); // a second cancel of an ended task is no error
    }

    @Test
    void reportsAToolErrorAsCompletedAndAnInternalErrorAsFailed() throws Exception {
        String toolError = start(ALICE);
        String internal = start(ALICE);
        runs.get(0).outcome().complete(new TaskOutcome(null, result("bad input", "tool_error"), null));
        runs.get(1).outcome().complete(new TaskOutcome(null, result("broke", "internal"), null));

        JsonNode completed = tasks.get(toolError, ALICE);
        assertThat(completed.path("status").asText()).isEqualTo("completed");
        assertThat(completed.path("result").path("isError").asBoolean()).isTrue();
        JsonNode failed = tasks.get(internal, ALICE);
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error").path("code").asInt()).isEqualTo(-32603);
        assertThat(failed.has("result")).isFalse();
    }

    @Test
    void failsATaskWhoseResultIsLargerThanTheBound() throws Exception {
        tasks.close();
        tasks = tasks(TaskSettings.defaults().withMaxResultBytes(1024));
        String taskId = start(ALICE);

        runs.get(0).outcome().complete(new TaskOutcome(null, result("x".repeat(2000), null), null));

        JsonNode failed = tasks.get(taskId, ALICE);
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error").path("message").asText()).contains("1024 bytes");
    }

    @Test
    void refusesATaskBeyondTheCallersActiveBoundButNotAnotherCallers() {
        tasks.close();
        tasks = tasks(TaskSettings.defaults().withPerCallerLimits(100, 2));
        start(ALICE);
        start(ALICE);

        assertThatThrownBy(() -> start(ALICE))
                .isInstanceOf(TaskStoreFullException.class)
                .hasMessageContaining("at most 2");
        start(BOB);
    }

    @Test
    void forgetsATaskOnceItsTtlHasPassed() throws Exception {
        String taskId = start(ALICE);
        runs.get(0).outcome().complete(new TaskOutcome(null, result("42", null), null));

        clock.advance(TaskSettings.DEFAULT_TTL.minusSeconds(1));
        assertThat(tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("completed");
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> tasks.get(taskId, ALICE)).isInstanceOf(TaskNotFound.class);
    }

    @Test
    void failsAWorkingTaskWhoseInstanceStoppedOnceItsLeaseRanOut() {
        Instant now = clock.instant();
        store.create(
                TaskRecord.working(
                        "lost-task", "alice", "slow", now, now.plusSeconds(3600), now.plusSeconds(30), "{}", null),
                100,
                100,
                now);

        assertThat(tasks.get("lost-task", ALICE).path("status").asText()).isEqualTo("working");
        clock.advance(Duration.ofSeconds(30));
        JsonNode lost = tasks.get("lost-task", ALICE);
        assertThat(lost.path("status").asText()).isEqualTo("failed");
        assertThat(lost.path("error").path("message").asText()).contains("instance running it stopped");
    }

    @Test
    void keepsATaskRunningHereWorkingPastItsLease() {
        String taskId = start(ALICE);

        clock.advance(Duration.ofMinutes(5));

        assertThat(tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("working");
    }

    @Test
    void waitsForEveryAnswerThenRunsTheCallAgainWithAllOfThem() throws Exception {
        String taskId = start(ALICE);
        ObjectNode asked = (ObjectNode) JSON.readTree(
                "{\"a\":{\"method\":\"elicitation/create\"}," + "\"b\":{\"method\":\"elicitation/create\"}}");
        runs.get(0).outcome().complete(new TaskOutcome(asked, null, null));
        assertThat(tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("input_required");

        tasks.update(taskId, JSON.readTree("{\"a\":{\"action\":\"accept\"},\"zzz\":{}}"), ALICE);
        JsonNode partial = tasks.get(taskId, ALICE);
        assertThat(partial.path("status").asText()).isEqualTo("input_required");
        assertThat(partial.path("inputRequests").fieldNames()).toIterable().containsExactly("b");
        assertThat(runs).hasSize(1);

        tasks.update(taskId, JSON.readTree("{\"b\":{\"action\":\"decline\"}}"), ALICE);
        assertThat(tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("working");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(1).params().path("inputResponses").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void servesATaskStartedOnAnotherInstanceAndCancelsItsRunThroughTheSharedRecord() {
        Era2026View other = tasks(TaskSettings.defaults());
        try {
            String taskId = start(ALICE);

            assertThat(other.get(taskId, ALICE).path("status").asText()).isEqualTo("working");
            other.cancel(taskId, ALICE);
            assertThat(runs.get(0).cancelled()).isNotDone();
            tasks.beat(); // the running instance's heartbeat finds the cancellation in the record

            assertThat(runs.get(0).cancelled()).isDone();
            assertThat(tasks.get(taskId, ALICE).path("status").asText()).isEqualTo("cancelled");
        } finally {
            other.close();
        }
    }

    @Test
    void renewsTheLeaseOfATaskRunningHereOnEveryHeartbeat() {
        String taskId = start(ALICE);
        Era2026View other = tasks(TaskSettings.defaults());
        try {
            clock.advance(Duration.ofSeconds(20));
            tasks.beat();
            clock.advance(Duration.ofSeconds(20));

            assertThat(other.get(taskId, ALICE).path("status").asText()).isEqualTo("working");
        } finally {
            other.close();
        }
    }

    /** A clock tests move by hand. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
