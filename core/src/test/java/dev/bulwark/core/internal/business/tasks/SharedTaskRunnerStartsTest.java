package dev.bulwark.core.internal.business.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.internal.data.tasks.InMemoryTaskQueue;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.tasks.QueuedTask;
import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The runner of the shared queue against a fake engine: every task of a batch it takes is held and run though one of
 * them fails to start, and a task it takes over is judged by the take-over rule only when it carries a started mark.
 */
class SharedTaskRunnerStartsTest {

    private static final Instant START = Instant.parse("2026-07-28T10:00:00Z");
    private static final Duration TAKE_OVER_AFTER = Duration.ofMinutes(5);
    private static final String WRITE_ONCE = "write_once";

    private final AtomicLong nanos = new AtomicLong();
    /** The runner's time: it moves with the queue's {@link #nanos}. */
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("one zone");
        }

        @Override
        public Instant instant() {
            return START.plusNanos(nanos.get());
        }
    };

    private final InMemoryTaskQueue queue = new InMemoryTaskQueue(nanos::get);
    private final FakeHost host = new FakeHost();
    private final SharedTaskRunner runner = new SharedTaskRunner(host, queue, TAKE_OVER_AFTER, clock);

    /** An engine whose tools never repeat: it records the runs and the take-overs it is asked for. */
    private static final class FakeHost implements TaskHost {
        final Map<String, TaskRecord> records = new ConcurrentHashMap<>();
        /** The tasks whose next read fails, as the task store does while Redis is unavailable. */
        final Set<String> failingOnce = ConcurrentHashMap.newKeySet();

        final List<String> ran = new CopyOnWriteArrayList<>();
        final List<String> judged = new CopyOnWriteArrayList<>();
        final Set<String> running = ConcurrentHashMap.newKeySet();

        @Override
        public boolean canRunTaken() {
            return true;
        }

        @Override
        public Optional<TaskRecord> stored(String taskId) {
            if (failingOnce.remove(taskId)) {
                throw new DependencyUnavailableException("redis", "read timed out");
            }
            return Optional.ofNullable(records.get(taskId));
        }

        @Override
        public boolean runTaken(TaskRecord record, RequestOrigin origin) {
            ran.add(record.taskId());
            running.add(record.taskId());
            return true;
        }

        @Override
        public boolean takeOver(TaskRecord record, String tool) {
            judged.add(record.taskId());
            records.put(
                    record.taskId(),
                    record.next(
                            TaskStatus.FAILED,
                            record.updatedAt(),
                            null,
                            null,
                            null,
                            null,
                            "{\"message\":\"stopped\"}"));
            return false;
        }

        @Override
        public boolean runsHere(String taskId) {
            return running.contains(taskId);
        }
    }

    private String queued(String taskId, TaskRecord record) {
        host.records.put(taskId, record);
        queue.offer(new QueuedTask(taskId, "alice", Set.of("tools:read"), WRITE_ONCE), TaskQueue.Bounds.NONE);
        return taskId;
    }

    private static TaskRecord working(String taskId) {
        return TaskRecord.working(
                taskId,
                "alice",
                WRITE_ONCE,
                START,
                START.plus(Duration.ofHours(1)),
                START.plus(Duration.ofHours(1)),
                "{\"name\":\"write_once\"}",
                null);
    }

    private void passes(Duration time) {
        nanos.addAndGet(time.toNanos());
    }

    @Test
    void aBatchWhoseFirstStartFailsHoldsTheOtherTasksRunsThemAndRunsTheFirstAtTheNextHeartbeat() {
        String first = queued("t1", working("t1"));
        String second = queued("t2", working("t2"));
        String third = queued("t3", working("t3"));
        host.failingOnce.add(first);

        runner.takeNew();

        assertThat(host.ran).as("the rest of the batch starts").containsExactly(second, third);
        assertThat(List.of(first, second, third)).allMatch(runner::holds, "held here");

        passes(TAKE_OVER_AFTER.plusSeconds(1));
        runner.beat(); // renews every hold, and starts the task whose start failed

        assertThat(host.ran).containsExactly(second, third, first);
        assertThat(queue.takeOver("another", TAKE_OVER_AFTER, 10))
                .as("no entry of the batch looks abandoned")
                .isEmpty();
        assertThat(host.judged).isEmpty();
    }

    @Test
    void aTaskTakenOverWithoutAStartedMarkRunsOnceThoughItsToolMayNotRepeat() {
        String taskId = queued("t1", working("t1"));
        assertThat(queue.take("stopped", 1)).hasSize(1); // its runner stops before it marks the task started

        passes(TAKE_OVER_AFTER.plusSeconds(1));
        runner.beat();
        passes(TAKE_OVER_AFTER.plusSeconds(1));
        runner.beat();

        assertThat(host.ran).as("its tool was never called: it runs, once").containsExactly(taskId);
        assertThat(host.judged).isEmpty();
        assertThat(runner.holds(taskId)).isTrue();
    }

    @Test
    void aTaskTakenOverWithAStartedMarkIsFailedWhenItsToolMayNotRepeat() {
        String taskId = queued("t1", working("t1").started(START, "stopped"));
        assertThat(queue.take("stopped", 1)).hasSize(1);

        passes(TAKE_OVER_AFTER.plusSeconds(1));
        runner.beat();

        assertThat(host.judged).containsExactly(taskId);
        assertThat(host.ran).as("not run twice").isEmpty();
        assertThat(host.records.get(taskId).status()).isEqualTo(TaskStatus.FAILED);
        assertThat(runner.holds(taskId)).isFalse();
        assertThat(queue.takeOver("another", Duration.ZERO, 10))
                .as("its entry is done")
                .isEmpty();
    }
}
