package dev.bulwark.core.internal.business.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.core.internal.presentation.pipeline.ResultMeta;
import dev.bulwark.core.internal.presentation.tasks.TaskCallResults;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tasks an instance accepted are bounded by the bytes they keep, per caller and in all: a task beyond is refused
 * as busy with a retry hint, and every path a task ends by (answered, failed, cancelled, expired, a store that ran out
 * of memory) gives its bytes back.
 */
class TaskBytesBoundTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestOrigin ALICE = RequestOrigin.of(Principal.of("alice"));
    private static final RequestOrigin BOB = RequestOrigin.of(Principal.of("bob"));
    private static final int KIB = 1024;
    /** A 30 KiB argument: two fit in a caller's 64 KiB, a third does not. */
    private static final String LARGE = "x".repeat(30 * KIB);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-07-28T10:00:00Z"));
    private final FailingStore store = new FailingStore();
    private final List<Run> runs = new ArrayList<>();
    private final Era2026View tasks = tasks(TaskSettings.defaults().withMaxBytes(64 * KIB, 100 * KIB));

    record Run(CompletableFuture<TaskOutcome> outcome, CompletableFuture<Void> cancelled) {}

    /** An in-memory store whose next creation can be made to fail with an error. */
    private static final class FailingStore implements TaskStore {
        final InMemoryTaskStore kept = new InMemoryTaskStore();
        Error nextCreate;

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
                    Run run = new Run(new CompletableFuture<>(), cancelled);
                    runs.add(run);
                    return run.outcome();
                }));
    }

    @AfterEach
    void stopHeartbeat() {
        tasks.close();
    }

    private String start(RequestOrigin origin, String argument) {
        ObjectNode params = JSON.createObjectNode().put("name", "slow");
        params.putObject("arguments").put("text", argument);
        return tasks.start(params, origin).path("taskId").asText();
    }

    private static ObjectNode text(String text) {
        ObjectNode result = JSON.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        return result;
    }

    @Test
    void refusesATaskBeyondItsCallersBytesAsBusyWithARetryHint() {
        start(ALICE, LARGE);
        start(ALICE, LARGE);

        TaskBusy busy = catchThrowableOfType(TaskBusy.class, () -> start(ALICE, LARGE));

        assertThat(busy).hasMessageContaining("Server busy").hasMessageContaining("tasks.max-bytes-per-caller");
        assertThat(busy.retryAfter()).isPositive();
        assertThat(TaskCallResults.busy(busy).isError()).isTrue();
        assertThat(TaskCallResults.busy(busy).meta())
                .containsEntry(ResultMeta.ERROR_TYPE, "busy")
                .containsKey(ResultMeta.RETRY_AFTER_MS);
        assertThat(tasks.owned(ALICE)).as("no task was created").hasSize(2);
        start(BOB, LARGE); // another caller's bytes are its own
    }

    @Test
    void refusesATaskBeyondTheBytesOfEveryCallerTogether() {
        start(ALICE, LARGE);
        start(ALICE, LARGE);
        start(BOB, LARGE);

        assertThatThrownBy(() -> start(BOB, LARGE))
                .isInstanceOf(TaskBusy.class)
                .hasMessageContaining("tasks.max-bytes)");
    }

    @Test
    void aTaskThatEndsKeepsOnlyTheBytesOfItsResult() {
        start(ALICE, LARGE);
        start(ALICE, LARGE);

        runs.get(0).outcome().complete(new TaskOutcome(null, text("small"), null));

        start(ALICE, LARGE);
    }

    @Test
    void aTaskThatFailsOrIsCancelledGivesItsBytesBack() {
        String first = start(ALICE, LARGE);
        start(ALICE, LARGE);

        runs.get(1).outcome().completeExceptionally(new IllegalStateException("the run failed"));
        start(ALICE, LARGE);
        tasks.cancel(first, ALICE);
        start(ALICE, LARGE);
    }

    @Test
    void aResultThatDoesNotFitFailsItsTaskAndKeepsNothing() {
        String first = start(ALICE, LARGE);
        start(ALICE, LARGE);

        runs.get(0).outcome().complete(new TaskOutcome(null, text("y".repeat(50 * KIB)), null));

        assertThat(tasks.get(first, ALICE).path("status").asText()).isEqualTo("failed");
        assertThat(tasks.get(first, ALICE).path("statusMessage").asText()).contains("could not be kept");
        start(ALICE, LARGE);
    }

    @Test
    void anExpiredTaskGivesItsResultBytesBack() {
        start(ALICE, LARGE);
        start(ALICE, LARGE);
        runs.get(0).outcome().complete(new TaskOutcome(null, text("y".repeat(30 * KIB)), null));
        runs.get(1).outcome().complete(new TaskOutcome(null, text("y".repeat(30 * KIB)), null));
        assertThatThrownBy(() -> start(ALICE, LARGE)).isInstanceOf(TaskBusy.class);

        clock.advance(TaskSettings.DEFAULT_TTL);
        tasks.beat();

        start(ALICE, LARGE);
    }

    @Test
    void aStoreThatRunsOutOfMemoryGivesTheBytesBack() {
        start(ALICE, LARGE);
        store.nextCreate = new OutOfMemoryError("Java heap space");

        assertThatThrownBy(() -> start(ALICE, LARGE)).isInstanceOf(OutOfMemoryError.class);

        start(ALICE, LARGE);
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
