package dev.bulwark.core.internal.business.tasks;

import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A task store in memory whose reads or durable writes fail while switched off, as Redis behind an open breaker. */
final class SwitchableTaskStore implements TaskStore {

    private final InMemoryTaskStore tasks = new InMemoryTaskStore();
    /** Every call fails. */
    volatile boolean down;
    /** Only {@link #replaceDurably} fails, as a Sentinel set with no replica to acknowledge. */
    volatile boolean durableWritesFail;
    /** How many tasks were read one by one. */
    final AtomicInteger finds = new AtomicInteger();

    static TaskRecord working(String taskId) {
        Instant now = Instant.now();
        return TaskRecord.working(
                taskId, "alice", "echo", now, now.plusSeconds(3600), now.plusSeconds(60), "{\"name\":\"echo\"}", null);
    }

    private void reachable() {
        if (down) {
            throw new DependencyUnavailableException("redis", "redis task_read failed: circuit breaker open");
        }
    }

    @Override
    public void create(TaskRecord record, int maxKept, int maxActive, Instant now) {
        reachable();
        tasks.create(record, maxKept, maxActive, now);
    }

    @Override
    public boolean remove(TaskRecord current) {
        reachable();
        return tasks.remove(current);
    }

    @Override
    public Optional<TaskRecord> find(String taskId, Instant now) {
        finds.incrementAndGet();
        reachable();
        return tasks.find(taskId, now);
    }

    @Override
    public boolean replace(TaskRecord current, TaskRecord next) {
        reachable();
        return tasks.replace(current, next);
    }

    @Override
    public boolean replaceDurably(TaskRecord current, TaskRecord next) {
        reachable();
        if (durableWritesFail) {
            throw new DependencyUnavailableException("redis", "redis task_write failed: no replica acknowledged");
        }
        return tasks.replace(current, next);
    }

    @Override
    public List<TaskRecord> owned(String owner, Instant now) {
        reachable();
        return tasks.owned(owner, now);
    }
}
