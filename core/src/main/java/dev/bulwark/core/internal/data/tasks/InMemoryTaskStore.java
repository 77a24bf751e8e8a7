package dev.bulwark.core.internal.data.tasks;

import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStore;
import dev.bulwark.ports.tasks.TaskStoreFullException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link TaskStore} in this process's memory: the default of a single instance. Expired tasks are dropped as they
 * are met, at every creation and at every {@link #sweep}. Thread-safe (one lock: every operation is a few map operations).
 */
public final class InMemoryTaskStore implements TaskStore {

    private final Map<String, TaskRecord> tasks = new HashMap<>();

    @Override
    public synchronized void create(TaskRecord record, int maxKept, int maxActive, Instant now) {
        Objects.requireNonNull(record, "record");
        tasks.values().removeIf(task -> task.expiredAt(now));
        if (tasks.containsKey(record.taskId())) {
            throw new IllegalStateException("a task with this id exists");
        }
        int kept = 0;
        int active = 0;
        for (TaskRecord task : tasks.values()) {
            if (task.owner().equals(record.owner())) {
                kept++;
                if (task.activeUntil().filter(now::isBefore).isPresent()) {
                    active++;
                }
            }
        }
        if (kept >= maxKept) {
            throw new TaskStoreFullException(TaskStoreFullException.Bound.KEPT, maxKept);
        }
        if (active >= maxActive) {
            throw new TaskStoreFullException(TaskStoreFullException.Bound.ACTIVE, maxActive);
        }
        tasks.put(record.taskId(), record);
    }

    @Override
    public synchronized void sweep(Instant now) {
        tasks.values().removeIf(task -> task.expiredAt(now));
    }

    @Override
    public synchronized Optional<TaskRecord> find(String taskId, Instant now) {
        TaskRecord task = tasks.get(taskId);
        if (task == null) {
            return Optional.empty();
        }
        if (task.expiredAt(now)) {
            tasks.remove(taskId);
            return Optional.empty();
        }
        return Optional.of(task);
    }

    @Override
    public synchronized boolean replace(TaskRecord current, TaskRecord next) {
        TaskRecord stored = tasks.get(current.taskId());
        if (stored == null
                || stored.version() != current.version()
                || !next.taskId().equals(current.taskId())) {
            return false;
        }
        tasks.put(next.taskId(), next);
        return true;
    }

    @Override
    public synchronized boolean remove(TaskRecord current) {
        TaskRecord stored = tasks.get(current.taskId());
        if (stored == null || stored.version() != current.version()) {
            return false;
        }
        tasks.remove(current.taskId());
        return true;
    }

    /** Whether it keeps a task with {@code taskId}, expired or not. */
    public synchronized boolean holds(String taskId) {
        return tasks.containsKey(taskId);
    }

    @Override
    public synchronized List<TaskRecord> owned(String owner, Instant now) {
        tasks.values().removeIf(task -> task.expiredAt(now));
        return tasks.values().stream()
                .filter(task -> task.owner().equals(owner))
                .sorted(Comparator.comparing(TaskRecord::createdAt).thenComparing(TaskRecord::taskId))
                .toList();
    }
}
