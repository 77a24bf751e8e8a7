package dev.bulwark.core.internal.presentation.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one timer that answers isolated calls at their deadlines, at most one tick late. Thread-safe.
 */
final class ToolDeadlines {

    /** How often the timer looks at its deadlines while any is set: the most a deadline fires late. */
    static final Duration TICK = Duration.ofMillis(10);
    /** What {@link #look} returns when the timer should sleep until a deadline is set. */
    static final long UNTIL_SET = -1;

    private static final Logger LOG = LoggerFactory.getLogger(ToolDeadlines.class);
    private static final ToolDeadlines SHARED = new ToolDeadlines(TICK, "bulwark-tool-deadlines");

    private final long tickNanos;
    /** Deadlines set since the timer last looked; appended by any thread, taken by the timer's. */
    private final ConcurrentLinkedQueue<Deadline> added = new ConcurrentLinkedQueue<>();
    /** Deadlines the timer watches; its own thread's only. */
    private final List<Deadline> watched = new ArrayList<>();
    /** Set while the timer sleeps with no deadline to watch, until it is woken. */
    private final AtomicBoolean idle = new AtomicBoolean();
    /** How many deadlines the timer watched after its last look. */
    private volatile int watchedCount;

    private final Thread timer;

    /** A timer of its own, with its own thread named {@code name} (the JVM shares {@link #shared}'s). */
    ToolDeadlines(Duration tick, String name) {
        this(tick, name, true);
    }

    private ToolDeadlines(Duration tick, String name, boolean start) {
        this.tickNanos = tick.toNanos();
        this.timer = new Thread(this::watch, name);
        timer.setDaemon(true);
        if (start) {
            timer.start();
        }
    }

    /** A timer whose thread never starts: a test drives it with {@link #look} on its own thread. */
    static ToolDeadlines withoutThread(Duration tick) {
        return new ToolDeadlines(tick, "unstarted", false);
    }

    /** The JVM's one timer, on its own daemon thread: the timer of every pipeline. */
    static ToolDeadlines shared() {
        return SHARED;
    }

    /** Runs {@code task} on this timer's thread once {@code delay} has passed, unless it is cancelled first. */
    Deadline set(Runnable task, Duration delay) {
        Deadline deadline = new Deadline(Objects.requireNonNull(task, "task"), System.nanoTime() + delay.toNanos());
        added.add(deadline);
        if (idle.get() && idle.compareAndSet(true, false)) {
            LockSupport.unpark(timer);
        }
        return deadline;
    }

    /** How many deadlines the timer watches or has yet to take, cancelled ones it has not dropped yet included. */
    int pending() {
        return added.size() + watchedCount;
    }

    /**
     * The timer's loop. It sleeps only after a whole tick in which no deadline was set and none is watched: sleeping
     * as soon as it watches nothing would let short calls wake it again and again. It never sleeps until the first
     * deadline, as {@code ScheduledThreadPoolExecutor} does: that wakes the thread whenever a new deadline becomes the
     * first, which with short calls is nearly every call (a futex wake and a context switch, 8 to 10 µs each).
     */
    private void watch() {
        while (true) {
            long parkNanos = look(System.nanoTime());
            if (parkNanos == UNTIL_SET) {
                sleepUntilSet();
            } else {
                LockSupport.parkNanos(this, parkNanos);
            }
        }
    }

    /**
     * One look, on the timer's thread: takes the deadlines set since the last, runs those due at {@code now}, and
     * returns how long to park before the next look, or {@link #UNTIL_SET} when none was set since the last look
     * and none is watched.
     */
    long look(long now) {
        int taken = takeAdded();
        long untilNext = sweep(now);
        watchedCount = watched.size();
        if (watched.isEmpty()) {
            return taken == 0 ? UNTIL_SET : tickNanos;
        }
        return Math.min(tickNanos, untilNext);
    }

    private int takeAdded() {
        int taken = 0;
        for (Deadline deadline = added.poll(); deadline != null; deadline = added.poll()) {
            watched.add(deadline);
            taken++;
        }
        return taken;
    }

    /** Drops the cancelled deadlines, runs those due; returns how long until the next one is due. */
    private long sweep(long now) {
        long untilNext = Long.MAX_VALUE;
        int kept = 0;
        for (int i = 0; i < watched.size(); i++) {
            Deadline deadline = watched.get(i);
            Runnable task = deadline.task;
            if (task == null) {
                continue;
            }
            long left = deadline.dueNanos - now;
            if (left <= 0) {
                deadline.task = null;
                run(task);
                continue;
            }
            untilNext = Math.min(untilNext, left);
            watched.set(kept++, deadline);
        }
        watched.subList(kept, watched.size()).clear();
        return untilNext;
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.warn("A deadline's task failed; the timer goes on", e);
        }
    }

    /** Sleeps until a deadline is set; a deadline set meanwhile is never missed. */
    private void sleepUntilSet() {
        idle.set(true);
        while (added.isEmpty()) {
            LockSupport.park(this);
            if (!idle.get()) {
                break;
            }
        }
        idle.set(false);
    }

    /** A deadline set; cancelling it keeps its task from running, unless the task is running already. */
    static final class Deadline {

        private volatile Runnable task;
        private final long dueNanos;

        private Deadline(Runnable task, long dueNanos) {
            this.task = task;
            this.dueNanos = dueNanos;
        }

        /** Keeps the task from running later; the timer forgets the deadline at its next look. */
        void cancel() {
            task = null;
        }
    }
}
