package dev.bulwark.http.edge;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies the server holds at once, bounded by a share of the heap. Thread-safe.
 */
public final class BodyBudget {

    /** The share of the heap the bodies may take, as their raw bytes: a 64th (2 MiB of a 128 MiB heap). */
    static final int HEAP_SHARE = 64;

    private final long maxBytes;
    private final int maxWaiting;
    private final AtomicLong held = new AtomicLong();
    /** Those waiting, in order of arrival; guarded by itself. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();

    private volatile int waitingCount;

    /**
     * @param maxBytes the bytes the bodies held at once may take together
     * @param maxWaiting how many bodies may wait their turn; one more is refused at once
     */
    public BodyBudget(long maxBytes, int maxWaiting) {
        if (maxBytes < 1 || maxWaiting < 0) {
            throw new IllegalArgumentException(
                    "maxBytes must be positive and maxWaiting not negative, were " + maxBytes + " and " + maxWaiting);
        }
        this.maxBytes = maxBytes;
        this.maxWaiting = maxWaiting;
    }

    /**
     * A budget of a {@value #HEAP_SHARE}th of {@code maxHeapBytes}, and at least one largest request. A parsed JSON
     * body takes up to about 22 times its bytes on the heap: without a budget, a dozen 1 MiB bodies at once would
     * exhaust a 128 MiB heap.
     *
     * @param maxHeapBytes the heap's limit, {@code Runtime.getRuntime().maxMemory()}
     * @param maxRequestBytes the largest request body accepted
     * @param maxWaiting how many bodies may wait their turn
     */
    public static BodyBudget forHeap(long maxHeapBytes, long maxRequestBytes, int maxWaiting) {
        return new BodyBudget(Math.max(maxRequestBytes, maxHeapBytes / HEAP_SHARE), maxWaiting);
    }

    /** The bytes the bodies held at once may take together. */
    public long maxBytes() {
        return maxBytes;
    }

    /** How many bodies wait their turn now. */
    int waiting() {
        return waitingCount;
    }

    /** Whether {@code bytes} fit beside those held now. */
    public boolean fits(long bytes) {
        long now = held.get();
        return now == 0 || now + bytes <= maxBytes;
    }

    /** The bytes held now. */
    public long held() {
        return held.get();
    }

    /**
     * Takes {@code bytes} of the budget, waiting at most {@code patience} for them behind those that came first. When
     * it returns true, {@link #giveBack} must be called once with the same bytes.
     *
     * @return false when they could not be had in time, too many wait already, or the thread was interrupted
     */
    public boolean take(long bytes, Duration patience) {
        if (waitingCount == 0 && takeIfFits(bytes)) {
            return true;
        }
        long deadline = System.nanoTime() + patience.toNanos();
        Object turn = new Object();
        synchronized (waiting) {
            if (waiting.size() >= maxWaiting) {
                return false;
            }
            waiting.add(turn);
            waitingCount = waiting.size();
            try {
                while (true) {
                    if (waiting.peekFirst() == turn && takeIfFits(bytes)) {
                        return true;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(waiting, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                waiting.remove(turn);
                waitingCount = waiting.size();
                waiting.notifyAll(); // the next in line may fit now
            }
        }
    }

    /** Gives back {@code bytes} a {@link #take} had. */
    public void giveBack(long bytes) {
        held.addAndGet(-bytes);
        if (waitingCount > 0) {
            synchronized (waiting) {
                waiting.notifyAll();
            }
        }
    }

    private boolean takeIfFits(long bytes) {
        while (true) {
            long now = held.get();
            if (now > 0 && now + bytes > maxBytes) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }
}
