package dev.bulwark.core.internal.data.tasks;

import dev.bulwark.ports.tasks.TaskChangeFeed;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A feed of task changes instances share in memory: each change is handed to every instance at once. */
public final class SharedTaskChangeFeed implements TaskChangeFeed {

    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();

    public int delivered(String taskId) {
        AtomicInteger count = delivered.get(taskId);
        return count == null ? 0 : count.get();
    }

    @Override
    public void publish(Change change) {
        delivered.computeIfAbsent(change.taskId(), key -> new AtomicInteger()).incrementAndGet();
        listeners.forEach(listener -> listener.accept(change));
    }

    @Override
    public AutoCloseable listen(Consumer<Change> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
