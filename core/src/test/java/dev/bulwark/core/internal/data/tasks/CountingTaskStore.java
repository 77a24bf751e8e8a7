package dev.bulwark.core.internal.data.tasks;

import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** One instance's view of the shared store, counting the tasks it reads one by one. */
public final class CountingTaskStore implements TaskStore {

    private final TaskStore shared;
    private final Map<String, AtomicInteger> finds = new ConcurrentHashMap<>();

    public CountingTaskStore(TaskStore shared) {
        this.shared = shared;
    }

    public int finds(String taskId) {
        AtomicInteger count = finds.get(taskId);
        return count == null ? 0 : count.get();
    }

    @Override
    public void create(TaskRecord record, int maxKept, int maxActive, Instant now) {
        shared.create(record, maxKept, maxActive, now);
    }

    @Override
    public boolean remove(TaskRecord current) {
        return shared.remove(current);
    }

    @Override
    public Optional<TaskRecord> find(String taskId, Instant now) {
        finds.computeIfAbsent(taskId, key -> new AtomicInteger()).incrementAndGet();
        return shared.find(taskId, now);
    }

    @Override
    public boolean replace(TaskRecord current, TaskRecord next) {
        return shared.replace(current, next);
    }

    @Override
    public List<TaskRecord> owned(String owner, Instant now) {
        return shared.owned(owner, now);
    }
}
