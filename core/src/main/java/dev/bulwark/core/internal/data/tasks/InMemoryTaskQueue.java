package dev.bulwark.core.internal.data.tasks;

import dev.bulwark.ports.tasks.HeldTask;
import dev.bulwark.ports.tasks.QueuedTask;
import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.ports.tasks.TaskQueueFullException;
import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link TaskQueue} in this process's memory: the queue of a single instance, whose runners are its own. The owners
 * take turns as in {@code RedisTaskQueue}. Thread-safe (one lock: every operation is a walk over the entries, which
 * the task bounds keep few).
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
    /** The entries, oldest first. */
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    /** The turn of each owner with entries: the lower, the sooner it comes. */
    private final Map<String, Long> turns = new HashMap<>();

    private long lastTurn;
    private long nextId;

    /** @param ticker the monotonic time of the holders' idle times */
    public InMemoryTaskQueue(Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    @Override
    public synchronized void offer(QueuedTask task, Bounds bounds) {
        Objects.requireNonNull(task, "task");
        int ofOwner = 0;
        int inAll = 0;
        for (Entry entry : entries.values()) {
            if (entry.holder == null) {
                inAll++;
                if (entry.task.owner().equals(task.owner())) {
                    ofOwner++;
                }
            }
        }
        if (ofOwner >= bounds.perOwner()) {
            throw new TaskQueueFullException(TaskQueueFullException.Bound.OWNER, bounds.perOwner());
        }
        if (inAll >= bounds.inAll()) {
            throw new TaskQueueFullException(TaskQueueFullException.Bound.ALL, bounds.inAll());
        }
        entries.put(Long.toString(++nextId), new Entry(task));
        turns.computeIfAbsent(task.owner(), owner -> ++lastTurn);
    }

    @Override
    public synchronized List<HeldTask> offerAndTake(QueuedTask task, Bounds bounds, String runner) {
        offer(task, bounds);
        return take(runner, 1);
    }

    /** Goes round the owners in turn, one untaken entry of each per round, each owner's oldest first. */
    @Override
    public synchronized List<HeldTask> take(String runner, int max) {
        Map<String, Deque<Map.Entry<String, Entry>>> untaken = new HashMap<>();
        for (Map.Entry<String, Entry> entry : entries.entrySet()) {
            if (entry.getValue().holder == null) {
                untaken.computeIfAbsent(entry.getValue().task.owner(), owner -> new ArrayDeque<>())
                        .add(entry);
            }
        }
        List<HeldTask> taken = new ArrayList<>();
        List<String> round = inTurn(untaken.keySet());
        while (taken.size() < max && !round.isEmpty()) {
            List<String> again = new ArrayList<>();
            for (String owner : round) {
                if (taken.size() >= max) {
                    break;
                }
                Deque<Map.Entry<String, Entry>> waiting = untaken.get(owner);
                Map.Entry<String, Entry> entry = waiting.poll();
                hold(entry.getValue(), runner);
                taken.add(new HeldTask(entry.getKey(), entry.getValue().task, false));
                turns.put(owner, ++lastTurn);
                if (!waiting.isEmpty()) {
                    again.add(owner);
                }
            }
            round = again;
        }
        return taken;
    }

    /** The owners in the order of their turns, each owner's entries oldest first. */
    @Override
    public synchronized List<HeldTask> takeOver(String runner, Duration idleFor, int max) {
        long now = ticker.nanoTime();
        List<HeldTask> taken = new ArrayList<>();
        for (String owner : inTurn(turns.keySet())) {
            for (Map.Entry<String, Entry> entry : entries.entrySet()) {
                if (taken.size() >= max) {
                    return taken;
                }
                Entry held = entry.getValue();
                if (held.task.owner().equals(owner)
                        && held.holder != null
                        && now - held.renewedAt >= idleFor.toNanos()) {
                    hold(held, runner);
                    taken.add(new HeldTask(entry.getKey(), held.task, true));
                }
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
    public synchronized boolean done(String runner, HeldTask held) {
        Entry entry = entries.get(held.entryId());
        if (entry == null || !runner.equals(entry.holder)) {
            return false;
        }
        entries.remove(held.entryId());
        if (entries.values().stream().noneMatch(other -> other.task.owner().equals(entry.task.owner()))) {
            turns.remove(entry.task.owner());
        }
        return true;
    }

    private List<String> inTurn(Collection<String> owners) {
        return owners.stream().sorted(Comparator.comparing(turns::get)).toList();
    }

    private void hold(Entry entry, String runner) {
        entry.holder = Objects.requireNonNull(runner, "runner");
        entry.renewedAt = ticker.nanoTime();
    }
}
