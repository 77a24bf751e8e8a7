package dev.bulwark.core.internal.data.tasks;

import dev.bulwark.ports.tasks.HeldTask;
import dev.bulwark.ports.tasks.QueuedTask;
import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link TaskQueue} in this process's memory: the queue of a single instance, whose runners are its own. Thread-safe
 * (one lock: every operation is a walk over the entries, which the task bounds keep few).
 */
public final class InMemoryTaskQueue implements TaskQueue {

    /** One entry: its task, and who holds it since when (none until taken). */
    private static final class Entry {
        final QueuedTask task;
        String holder;
        long renewedAt;

        Entry(QueuedTask task) {
            this.task = task;
        }
    }

    private final Ticker ticker;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private long nextId;

    /** @param ticker the monotonic time of the holders' idle times */
    public InMemoryTaskQueue(Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    @Override
    public synchronized void offer(QueuedTask task) {
        entries.put(Long.toString(++nextId), new Entry(Objects.requireNonNull(task, "task")));
    }

    @Override
    public synchronized List<HeldTask> offerAndTake(QueuedTask task, String runner) {
        offer(task);
        return take(runner, 1);
    }

    @Override
    public synchronized List<HeldTask> take(String runner, int max) {
        List<HeldTask> taken = new ArrayList<>();
        for (Map.Entry<String, Entry> entry : entries.entrySet()) {
            if (taken.size() >= max) {
                break;
            }
            if (entry.getValue().holder == null) {
                hold(entry.getValue(), runner);
                taken.add(new HeldTask(entry.getKey(), entry.getValue().task, false));
            }
        }
        return taken;
    }

    @Override
    public synchronized List<HeldTask> takeOver(String runner, Duration idleFor, int max) {
        long now = ticker.nanoTime();
        List<HeldTask> taken = new ArrayList<>();
        for (Map.Entry<String, Entry> entry : entries.entrySet()) {
            if (taken.size() >= max) {
                break;
            }
            Entry held = entry.getValue();
            if (held.holder != null && now - held.renewedAt >= idleFor.toNanos()) {
                hold(held, runner);
                taken.add(new HeldTask(entry.getKey(), held.task, true));
            }
        }
        return taken;
    }

    @Override
    public synchronized List<HeldTask> renew(String runner, List<HeldTask> held) {
        List<HeldTask> still = new ArrayList<>();
        for (HeldTask task : held) {
            Entry entry = entries.get(task.entryId());
            if (entry != null && runner.equals(entry.holder)) {
                entry.renewedAt = ticker.nanoTime();
                still.add(task);
            }
        }
        return still;
    }

    @Override
    public synchronized void release(String runner, HeldTask held) {
        Entry entry = entries.get(held.entryId());
        if (entry != null && runner.equals(entry.holder)) {
            entry.holder = null;
        }
    }

    @Override
    public synchronized void done(HeldTask held) {
        entries.remove(held.entryId());
    }

    private void hold(Entry entry, String runner) {
        entry.holder = Objects.requireNonNull(runner, "runner");
        entry.renewedAt = ticker.nanoTime();
    }
}
