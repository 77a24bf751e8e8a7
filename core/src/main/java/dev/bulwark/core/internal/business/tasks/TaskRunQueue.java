package dev.bulwark.core.internal.business.tasks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToIntFunction;

/**
 * Starts the runs of the tasks an instance accepted within each tool's concurrency limit: a run over the limit waits
 * here, and a freed slot goes to the waiting caller that runs the fewest tasks of that tool, so one caller's burst
 * cannot hold every slot. Waiting is bounded per caller and in all. Thread-safe.
 */
public final class TaskRunQueue {

    /**
     * Starts one run of a task; the future completes when the run ended with whether it took its slot: {@code false}
     * when the pipeline refused it as busy all the same (calls that are not tasks hold the tool's slots), so it waits
     * again, at the head of its caller's line, until {@link #retryWaiting()} or another run of its tool ends.
     */
    @FunctionalInterface
    public interface Start {
        CompletableFuture<Boolean> start();
    }

    /** A new task refused because too many tasks wait; the message names the bound and its setting. */
    public static final class Full extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Full(String message) {
            super(message, null, false, false);
        }
    }

    /** One task waiting for a slot of its tool. */
    private record Waiting(String taskId, String owner, Lane lane, CompletableFuture<Void> cancelled, Start start) {}

    /** The runs of one tool: those running, and those waiting by caller in round-robin order. */
    private static final class Lane {
        final String tool;
        final int limit;
        int running;
        /** Slots promised to tasks being created, which start without waiting once stored. */
        int promised;

        final Map<String, Integer> runningByOwner = new HashMap<>();
        /** Insertion order is the round robin: a caller served moves to the end. */
        final LinkedHashMap<String, ArrayDeque<Waiting>> waitingByOwner = new LinkedHashMap<>();

        Lane(String tool, int limit) {
            this.tool = tool;
            this.limit = limit;
        }

        boolean hasFreeSlot() {
            return running + promised < limit;
        }
    }

    /**
     * A place for a task being created, taken before it is stored so that a refused task is never stored: a slot to
     * start at once, or a place in the line. {@link #submit} or {@link #giveBack} it exactly once.
     */
    public final class Place {
        private final Lane lane;
        private final String owner;
        private final boolean slot;
        private boolean used;

        private Place(Lane lane, String owner, boolean slot) {
            this.lane = lane;
            this.owner = owner;
            this.slot = slot;
        }

        /** Starts the stored task {@code taskId} now when its place is a slot, else puts it in its caller's line. */
        public void submit(String taskId, CompletableFuture<Void> cancelled, Start start) {
            Waiting waiting = new Waiting(taskId, owner, lane, cancelled, start);
            List<Waiting> starts;
            synchronized (TaskRunQueue.this) {
                use();
                if (slot) {
                    lane.promised--;
                    starts = new ArrayList<>(List.of(take(waiting)));
                } else {
                    unqueued(owner);
                    enqueue(waiting, false);
                    starts = drain(lane);
                }
            }
            startAll(starts);
            watchCancel(waiting);
        }

        /** Whether the task starts at once when submitted: its place is a free slot, not a place in the line. */
        public boolean startsAtOnce() {
            return slot;
        }

        /** Gives the place back: the task was not stored. */
        public void giveBack() {
            synchronized (TaskRunQueue.this) {
                use();
                if (slot) {
                    lane.promised--;
                } else {
                    unqueued(owner);
                }
            }
            startAll(drainLocked(lane));
        }

        private void use() {
            if (used) {
                throw new IllegalStateException("a place is used once");
            }
            used = true;
        }
    }

    private final ToIntFunction<String> limitOf;
    private final int maxQueuedPerCaller;
    private final int maxQueued;
    private final Map<String, Lane> lanes = new HashMap<>();
    private final Map<String, Waiting> waitingById = new HashMap<>();
    /** The tasks waiting, and the places taken in the line, by caller. */
    private final Map<String, Integer> queuedByOwner = new HashMap<>();

    private int queued;
    /** The runs to start on this thread once the run it is starting returned, so that starts never nest deeply. */
    private final ThreadLocal<ArrayDeque<Waiting>> trampoline = new ThreadLocal<>();

    /**
     * @param limitOf the concurrency limit of the tool of a name (its own, or the server's default per tool)
     * @param maxQueuedPerCaller the tasks of one caller that may wait at once
     * @param maxQueued the tasks of every caller that may wait at once
     */
    public TaskRunQueue(ToIntFunction<String> limitOf, int maxQueuedPerCaller, int maxQueued) {
        this.limitOf = Objects.requireNonNull(limitOf, "limitOf");
        this.maxQueuedPerCaller = maxQueuedPerCaller;
        this.maxQueued = maxQueued;
    }

    /**
     * Takes a place for a new task of {@code tool} by {@code owner}: a slot when the tool has one free and no task
     * waits for it, else a place in the line.
     *
     * @throws Full when the line is full for the caller or for everyone
     */
    public synchronized Place reserve(String tool, String owner) {
        Lane lane = lane(tool);
        if (lane.hasFreeSlot() && lane.waitingByOwner.isEmpty()) {
            lane.promised++;
            return new Place(lane, owner, true);
        }
        int ownerQueued = queuedByOwner.getOrDefault(owner, 0);
        if (ownerQueued >= maxQueuedPerCaller) {
            throw new Full("Server busy: tool '" + tool + "' runs " + lane.limit
                    + " tasks at once and this caller already has " + ownerQueued
                    + " tasks waiting, as many as one caller may (tasks.max-queued-per-caller). Retry once some"
                    + " of them have started.");
        }
        if (queued >= maxQueued) {
            throw new Full("Server busy: " + queued + " tasks wait for a slot, as many as may wait in all"
                    + " (tasks.max-queued). Retry once some of them have started.");
        }
        queued++;
        queuedByOwner.merge(owner, 1, Integer::sum);
        return new Place(lane, owner, false);
    }

    /**
     * Puts the run of a task that is stored already (one that got the input it waited for) in its caller's line,
     * whatever the bounds: refusing it would leave it working with nothing to run it.
     */
    public void submitAnyway(String tool, String owner, String taskId, CompletableFuture<Void> cancelled, Start start) {
        Waiting waiting;
        List<Waiting> starts;
        synchronized (this) {
            Lane lane = lane(tool);
            waiting = new Waiting(taskId, owner, lane, cancelled, start);
            enqueue(waiting, false);
            starts = drain(lane);
        }
        startAll(starts);
        watchCancel(waiting);
    }

    /**
     * Takes every waiting task out of its line for good, as its engine stops: none of them starts from now on.
     *
     * @return the ids of the tasks that waited, oldest first within each caller's line
     */
    public synchronized List<String> withdrawAll() {
        List<String> withdrawn = new ArrayList<>();
        for (Lane lane : lanes.values()) {
            for (ArrayDeque<Waiting> line : lane.waitingByOwner.values()) {
                for (Waiting waiting : line) {
                    withdrawn.add(waiting.taskId());
                    unqueued(waiting.owner());
                }
            }
            lane.waitingByOwner.clear();
        }
        waitingById.clear();
        return withdrawn;
    }

    /** The tasks of {@code owner} waiting for a slot, of every tool. */
    public synchronized int waitingOf(String owner) {
        int waiting = 0;
        for (Lane lane : lanes.values()) {
            ArrayDeque<Waiting> line = lane.waitingByOwner.get(owner);
            waiting += line == null ? 0 : line.size();
        }
        return waiting;
    }

    /** Whether task {@code taskId} waits for a slot. */
    public synchronized boolean isWaiting(String taskId) {
        return waitingById.containsKey(taskId);
    }

    /** The tasks waiting, every caller's. */
    public synchronized int waiting() {
        return waitingById.size();
    }

    /** The concurrency limit of {@code tool}'s runs. */
    public synchronized int limit(String tool) {
        return lane(tool).limit;
    }

    /** Starts what waits where slots are free: the runs refused as busy by the pipeline try again. */
    public void retryWaiting() {
        List<Waiting> starts = new ArrayList<>();
        synchronized (this) {
            for (Lane lane : lanes.values()) {
                starts.addAll(drain(lane));
            }
        }
        startAll(starts);
    }

    private Lane lane(String tool) {
        return lanes.computeIfAbsent(tool, name -> new Lane(name, Math.max(1, limitOf.applyAsInt(name))));
    }

    private void unqueued(String owner) {
        queued--;
        queuedByOwner.computeIfPresent(owner, (key, count) -> count == 1 ? null : count - 1);
    }

    /** Puts {@code waiting} in its caller's line, at its head when it was refused as busy, counting it. */
    private void enqueue(Waiting waiting, boolean atHead) {
        Lane lane = waiting.lane();
        ArrayDeque<Waiting> line = lane.waitingByOwner.computeIfAbsent(waiting.owner(), owner -> new ArrayDeque<>());
        if (atHead) {
            line.addFirst(waiting);
        } else {
            line.addLast(waiting);
        }
        waitingById.put(waiting.taskId(), waiting);
        queued++;
        queuedByOwner.merge(waiting.owner(), 1, Integer::sum);
    }

    /** When a waiting task is cancelled it leaves its line. */
    private void watchCancel(Waiting waiting) {
        waiting.cancelled().whenComplete((done, failure) -> withdraw(waiting));
    }

    private void withdraw(Waiting waiting) {
        synchronized (this) {
            if (waitingById.get(waiting.taskId()) != waiting) {
                return;
            }
            waitingById.remove(waiting.taskId());
            Lane lane = waiting.lane();
            ArrayDeque<Waiting> line = lane.waitingByOwner.get(waiting.owner());
            if (line != null) {
                line.remove(waiting);
                if (line.isEmpty()) {
                    lane.waitingByOwner.remove(waiting.owner());
                }
            }
            unqueued(waiting.owner());
        }
    }

    private List<Waiting> drainLocked(Lane lane) {
        synchronized (this) {
            return drain(lane);
        }
    }

    /**
     * Takes from {@code lane}'s lines as many tasks as it has free slots: each time from the caller running the
     * fewest, the first in round-robin order among equals, who then moves to the end.
     */
    private List<Waiting> drain(Lane lane) {
        List<Waiting> starts = new ArrayList<>();
        while (lane.hasFreeSlot() && !lane.waitingByOwner.isEmpty()) {
            String chosen = null;
            int fewest = Integer.MAX_VALUE;
            for (String owner : lane.waitingByOwner.keySet()) {
                int running = lane.runningByOwner.getOrDefault(owner, 0);
                if (running < fewest) {
                    fewest = running;
                    chosen = owner;
                }
            }
            ArrayDeque<Waiting> line = lane.waitingByOwner.remove(chosen);
            Waiting next = line.pollFirst();
            if (!line.isEmpty()) {
                lane.waitingByOwner.put(chosen, line); // to the end of the round robin
            }
            waitingById.remove(next.taskId());
            unqueued(chosen);
            starts.add(take(next));
        }
        return starts;
    }

    /** Counts {@code waiting}'s run in its tool's slots. */
    private Waiting take(Waiting waiting) {
        Lane lane = waiting.lane();
        lane.running++;
        lane.runningByOwner.merge(waiting.owner(), 1, Integer::sum);
        return waiting;
    }

    private void startAll(List<Waiting> starts) {
        if (starts.isEmpty()) {
            return;
        }
        ArrayDeque<Waiting> pending = trampoline.get();
        if (pending != null) {
            pending.addAll(starts);
            return;
        }
        pending = new ArrayDeque<>(starts);
        trampoline.set(pending);
        try {
            for (Waiting next = pending.poll(); next != null; next = pending.poll()) {
                start(next);
            }
        } finally {
            trampoline.remove();
        }
    }

    private void start(Waiting waiting) {
        CompletableFuture<Boolean> run;
        try {
            run = waiting.cancelled().isDone()
                    ? CompletableFuture.completedFuture(true)
                    : Objects.requireNonNull(waiting.start().start(), "run");
        } catch (RuntimeException e) { // the start settles its own failures: this one frees the slot all the same
            run = CompletableFuture.completedFuture(true);
        }
        run.whenComplete((tookSlot, failure) -> ended(waiting, failure != null || !Boolean.FALSE.equals(tookSlot)));
    }

    /** A run ended: its slot is free; a run refused as busy waits again, and its tool's lines wait for a retry. */
    private void ended(Waiting waiting, boolean tookSlot) {
        List<Waiting> starts = List.of();
        synchronized (this) {
            Lane lane = waiting.lane();
            lane.running--;
            lane.runningByOwner.computeIfPresent(waiting.owner(), (key, count) -> count == 1 ? null : count - 1);
            if (!tookSlot && !waiting.cancelled().isDone()) {
                enqueue(waiting, true);
            } else {
                starts = drain(lane);
            }
        }
        startAll(starts);
    }

    @Override
    public synchronized String toString() {
        StringBuilder text = new StringBuilder("TaskRunQueue[");
        for (Iterator<Lane> it = lanes.values().iterator(); it.hasNext(); ) {
            Lane lane = it.next();
            text.append(lane.tool)
                    .append(": ")
                    .append(lane.running)
                    .append('/')
                    .append(lane.limit)
                    .append(" running");
            if (it.hasNext()) {
                text.append(", ");
            }
        }
        return text.append(", ").append(queued).append(" queued]").toString();
    }
}
