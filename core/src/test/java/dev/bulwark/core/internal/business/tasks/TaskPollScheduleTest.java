package dev.bulwark.core.internal.business.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskQueue;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An engine takes new tasks from the shared queue on a schedule of its own: a heartbeat held up (a slow store) does
 * not hold up the taking of tasks that other instances accepted.
 */
class TaskPollScheduleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestOrigin ALICE = RequestOrigin.of(Principal.of("alice"));

    /** Frees the heartbeat, held in its first sweep of the store, once the test is over. */
    private final CountDownLatch releaseHeartbeat = new CountDownLatch(1);

    /** Counts down as each engine's heartbeat is held. */
    private final CountDownLatch heartbeatHeld = new CountDownLatch(2);

    private final CountDownLatch ran = new CountDownLatch(1);

    /** The task store, whose sweep (the heartbeat's first step) waits until the test is over. */
    private final TaskStore store = new TaskStore() {
        private final InMemoryTaskStore kept = new InMemoryTaskStore();

        @Override
        public void create(TaskRecord record, int maxKept, int maxActive, Instant now) {
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

        @Override
        public void sweep(Instant now) {
            heartbeatHeld.countDown();
            try {
                releaseHeartbeat.await(5, TimeUnit.MINUTES); // the test is over long before
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    };

    private final InMemoryTaskQueue queue = new InMemoryTaskQueue(new AtomicLong()::get);
    private final Tool<Map, Void> job = Tool.builder("job", Map.class, Void.class)
            .inputSchema(Map.of("type", "object"))
            .description("job")
            .taskSupport(Tool.TaskSupport.OPTIONAL)
            .handler((input, context) -> ToolResult.text("done"))
            .build();
    /** Beats and polls every 100 ms. */
    private final TaskSettings settings = TaskSettings.defaults()
            .withLease(Duration.ofSeconds(30), Duration.ofMillis(100))
            .withPollInterval(Duration.ofMillis(100));

    private final TaskEngine running = new TaskEngine(
            JSON,
            store,
            settings,
            Clock.systemUTC(),
            List.of(job),
            16,
            (taskId, params, origin, cancelled) -> {
                ran.countDown();
                return new java.util.concurrent.CompletableFuture<>();
            },
            Optional.of(queue),
            Optional.empty());
    /** Accepts tasks without running any: another instance's, as far as the queue knows. */
    private final TaskEngine accepting = new TaskEngine(
            JSON,
            store,
            settings,
            Clock.systemUTC(),
            List.of(job),
            16,
            OfferOnlyQueue.RUNS_NOTHING,
            Optional.of(new OfferOnlyQueue(queue)),
            Optional.empty());

    @AfterEach
    void stop() {
        releaseHeartbeat.countDown();
        running.close();
        accepting.close();
    }

    @Test
    void aTaskAcceptedElsewhereIsTakenWhileTheHeartbeatIsHeldUp() throws Exception {
        assertThat(heartbeatHeld.await(60, TimeUnit.SECONDS))
                .as("the heartbeats of both engines came and are held")
                .isTrue();

        accepting.start(JSON.createObjectNode().put("name", "job"), ALICE);

        assertThat(ran.await(60, TimeUnit.SECONDS))
                .as("taken from the queue while the heartbeat is held")
                .isTrue();
    }
}
