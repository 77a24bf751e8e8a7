package dev.bulwark.http.drain;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the requests in flight and, once draining starts, lets no new one in. Thread-safe.
 */
public final class DrainGate {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private volatile boolean draining;
    private volatile boolean leaving;
    private volatile boolean awaited;

    /**
     * Admits a request: {@code true} and counted, or {@code false} when draining (then it is not counted). Counted
     * before the draining flag is read, so none can slip in after {@link #awaitIdle} saw zero; takes no lock, since
     * every request thread would wait for it.
     */
    public boolean tryEnter() {
        inFlight.incrementAndGet();
        if (draining) {
            exit();
            return false;
        }
        return true;
    }

    /**
     * Counts a request that is served even while draining (a refusal being written, the client's answer to a call in
     * flight), so shutdown waits for it too; {@link #exit} when it ends.
     */
    public void hold() {
        inFlight.incrementAndGet();
    }

    /** A request admitted by {@link #tryEnter} (or {@linkplain #hold held}) has ended. */
    public void exit() {
        int left = inFlight.updateAndGet(count -> count > 0 ? count - 1 : 0);
        if (left == 0 && awaited) {
            // Under the lock, so a waiter that has just seen a request in flight is already waiting for this signal.
            lock.lock();
            try {
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * From now on the server says it is not ready, while requests are still admitted: a load balancer takes it out
     * before {@link #startDraining} refuses new ones. Idempotent.
     */
    public void startLeaving() {
        leaving = true;
    }

    /** Whether the server has said it is leaving ({@link #startLeaving} or {@link #startDraining}). */
    public boolean isLeaving() {
        return leaving;
    }

    /** From now on no new request is admitted (and the server is {@linkplain #isLeaving leaving}). Idempotent. */
    public void startDraining() {
        leaving = true;
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }

    /** Requests admitted and not yet ended. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Waits until no admitted request is left, at most {@code grace}.
     *
     * @return whether every admitted request ended in time
     */
    public boolean awaitIdle(Duration grace) throws InterruptedException {
        long remaining = grace.toNanos();
        awaited = true; // before reading the count: an exit that sees it signals, one that does not was counted
        lock.lock();
        try {
            while (inFlight.get() > 0) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = idle.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
