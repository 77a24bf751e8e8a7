package dev.bulwark.mcpclient;

import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/** Waits that a test runs by hand, in order: no thread and no clock. Thread-safe. */
final class FakeDelays implements Era2026Client.Delays {

    /** Every wait asked for, in order. */
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    private final Deque<Runnable> pending = new ConcurrentLinkedDeque<>();

    @Override
    public void after(Duration wait, Runnable task) {
        waits.add(wait);
        pending.add(task);
    }

    /** Runs the oldest waiting task, as if its wait had passed. */
    void pass() {
        pending.remove().run();
    }
}
