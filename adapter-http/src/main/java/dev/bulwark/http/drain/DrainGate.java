package dev.bulwark.http.drain;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the requests in flight and, once draining starts, lets no new one in, so shutdown can wait for exactly
 * the calls that were accepted. A request is counted before the draining flag is read, so none can slip in after
 * {@link #awaitIdle} saw zero. Thread-safe.
 */
public final class DrainGate {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private volatile boolean draining;
    private int inFlight;

    /** Admits a request: {@code true} and counted, or {@code false} when draining (then it is not counted). */
    public boolean tryEnter() {
        lock.lock();
        try {
            if (draining) {
                return false;
            }
            inFlight++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A request admitted by {@link #tryEnter} has ended. */
    public void exit() {
        lock.lock();
        try {
            if (inFlight > 0) {
                inFlight--;
            }
            if (inFlight == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** From now on no new request is admitted. Idempotent. */
    public void startDraining() {
        lock.lock();
        try {
            draining = true;
        } finally {
            lock.unlock();
        }
    }

    public boolean isDraining() {
        return draining;
    }

    /** Requests admitted and not yet ended. */
    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no admitted request is left, at most {@code grace}.
     *
     * @return whether every admitted request ended in time
     */
    public boolean awaitIdle(Duration grace) throws InterruptedException {
        long remaining = grace.toNanos();
        lock.lock();
        try {
            while (inFlight > 0) {
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
