package dev.bulwark.core.internal.business.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskQueue;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.core.internal.data.tasks.TaskStoreGateway;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.tasks.HeldTask;
import dev.bulwark.ports.tasks.QueuedTask;
import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A task kept in its creator's memory while the shared store refuses writes runs on its creator and ends there,
 * whether the shared queue would accept it or not: no other runner can read it.
 */
class TaskKeptInMemoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestOrigin ALICE = RequestOrigin.of(Principal.of("alice", "tools:read"));
    /** Long enough that the background heartbeat never comes during a test: the test drives it. */
    private static final TaskSettings SETTINGS = TaskSettings.defaults()
            .withLease(Duration.ofMinutes(10), Duration.ofMinutes(3))
            .withPollInterval(Duration.ofMinutes(1));

    private final AtomicLong nanos = new AtomicLong();
    private final Clock clock = Clock.fixed(Instant.parse("2026-07-28T10:00:00Z"), java.time.ZoneOffset.UTC);

    /** The shared store, as Redis keeps it. */
    private final InMemoryTaskStore redis = new InMemoryTaskStore();
    /** Whether the shared store refuses every operation, as a shard without a primary does. */
    private final AtomicBoolean storeDown = new AtomicBoolean();

    private final TaskStore sharedStore = new TaskStore() {
        private void reachable() {
            if (storeDown.get()) {
                throw new DependencyUnavailableException("redis", "CLUSTERDOWN");
            }
        }

        @Override
        public void create(TaskRecord record, int maxKept, int maxActive, Instant now) {
            reachable();
            redis.create(record, maxKept, maxActive, now);
        }

        @Override
        public Optional<TaskRecord> find(String taskId, Instant now) {
            reachable();
            return redis.find(taskId, now);
        }

        @Override
        public boolean remove(TaskRecord current) {
            reachable();
            return redis.remove(current);
        }

        @Override
        public boolean replace(TaskRecord current, TaskRecord next) {
            reachable();
            return redis.replace(current, next);
        }

        @Override
        public List<TaskRecord> owned(String owner, Instant now) {
            reachable();
            return redis.owned(owner, now);
        }
    };

    private final InMemoryTaskQueue queue = new InMemoryTaskQueue(nanos::get);
    /** Whether the shared queue refuses every operation, as its own shard without a primary does. */
    private final AtomicBoolean queueDown = new AtomicBoolean();

    /** The creator's view of the queue: it accepts offers, and older tasks are ahead, so another runner takes them. */
    private final TaskQueue offersOnly = new TaskQueue() {
        private void reachable() {
            if (queueDown.get()) {
                throw new DependencyUnavailableException("redis", "CLUSTERDOWN");
            }
        }

        @Override
        public void offer(QueuedTask task, Bounds bounds) {
            reachable();
            queue.offer(task, bounds);
        }

        @Override
        public List<HeldTask> offerAndTake(QueuedTask task, Bounds bounds, String runner) {
            reachable();
            queue.offer(task, bounds);
            return List.of();
        }

        @Override
        public List<HeldTask> take(String runner, int max) {
            reachable();
            return List.of();
        }

        @Override
        public List<HeldTask> takeOver(String runner, Duration idleFor, int max) {
            reachable();
            return List.of();
        }

        @Override
        public List<HeldTask> renew(String runner, List<HeldTask> held) {
            reachable();
            return queue.renew(runner, held);
        }

        @Override
        public void release(String runner, HeldTask held) {
            reachable();
            queue.release(runner, held);
        }

        @Override
        public boolean done(String runner, HeldTask held) {
            reachable();
            return queue.done(runner, held);
        }
    };

    record Run(String taskId, CompletableFuture<TaskOutcome> outcome) {}

    private final BlockingQueue<Run> creatorRuns = new LinkedBlockingQueue<>();
    private final BlockingQueue<Run> otherRuns = new LinkedBlockingQueue<>();

    /** The instance that creates the task, with its own memory as the fallback of the shared store. */
    private final Era2026View creator = engine(offersOnly, creatorRuns);
    /** Another instance sharing the store and the queue. */
    private final Era2026View other = engine(queue, otherRuns);

    private Era2026View engine(TaskQueue shared, BlockingQueue<Run> runs) {
        TaskStore store = new TaskStoreGateway(sharedStore, new InMemoryTaskStore(), nanos::get);
        return new Era2026View(
                JSON,
                SETTINGS,
                new TaskEngine(
                        JSON,
                        store,
                        SETTINGS,
                        clock,
                        List.of(Tool.builder("write_once", Map.class, Void.class)
                                .inputSchema(Map.of("type", "object"))
                                .description("write_once")
                                .readOnly(false)
                                .taskSupport(Tool.TaskSupport.OPTIONAL)
                                .handler((input, context) -> ToolResult.text("done"))
                                .build()),
                        16,
                        (taskId, params, origin, cancelled) -> {
                            Run run = new Run(taskId, new CompletableFuture<>());
                            runs.add(run);
                            return run.outcome();
                        },
                        Optional.of(shared),
                        Optional.empty()));
    }

    @AfterEach
    void stop() {
        creator.close();
        other.close();
    }

    private String start() {
        ObjectNode call = JSON.createObjectNode().put("name", "write_once");
        return creator.start(call, ALICE).path("taskId").asText();
    }

    private static ObjectNode text(String text) {
        ObjectNode result = JSON.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        return result;
    }

    @Test
    void aTaskKeptInMemoryWhileTheStoreRefusesWritesRunsOnItsCreatorThoughTheQueueAcceptsOffers() {
        storeDown.set(true);
        String taskId = start();
        other.beat(); // the store still refuses: nothing it took could start
        storeDown.set(false);
        other.beat();
        other.beat();

        assertThat(otherRuns)
                .as("no other instance can read it, so none runs it")
                .isEmpty();
        assertThat(creatorRuns)
                .as("its creator runs it")
                .extracting(Run::taskId)
                .containsExactly(taskId);
        creatorRuns.poll().outcome().complete(new TaskOutcome(null, text("written"), null));

        assertThat(creator.get(taskId, ALICE).path("status").asText()).isEqualTo("completed");
        assertThat(redis.find(taskId, clock.instant()))
                .as("never in the shared store")
                .isEmpty();
        assertThat(queue.take("anyone", 10)).as("never left in the queue").isEmpty();
    }

    @Test
    void aTaskKeptInMemoryWhileTheStoreAndTheQueueRefuseRunsOnItsCreatorAndEnds() {
        storeDown.set(true);
        queueDown.set(true);
        String taskId = start();

        assertThat(creatorRuns).extracting(Run::taskId).containsExactly(taskId);
        creatorRuns.poll().outcome().complete(new TaskOutcome(null, text("written"), null));
        storeDown.set(false);
        queueDown.set(false);
        creator.beat();

        assertThat(creator.get(taskId, ALICE).path("status").asText()).isEqualTo("completed");
        assertThat(queue.take("anyone", 10)).isEmpty();
    }

    @Test
    void theRunWithTheAnswersOfATaskKeptInMemoryRunsOnItsCreator() {
        storeDown.set(true);
        String taskId = start();
        Run first = creatorRuns.poll();
        assertThat(first).isNotNull();
        ObjectNode asks = JSON.createObjectNode();
        asks.putObject("confirm").put("method", "elicitation/create");
        first.outcome().complete(new TaskOutcome(asks, null, null));
        assertThat(creator.get(taskId, ALICE).path("status").asText()).isEqualTo("input_required");

        ObjectNode answers = JSON.createObjectNode();
        answers.putObject("confirm").put("action", "accept");
        creator.update(taskId, answers, ALICE);
        storeDown.set(false);
        other.beat();

        assertThat(otherRuns).isEmpty();
        assertThat(creatorRuns).extracting(Run::taskId).containsExactly(taskId);
    }
}
