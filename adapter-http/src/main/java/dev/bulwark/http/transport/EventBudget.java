package dev.bulwark.http.transport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of kept events that all the sessions of one transport may hold together, so that what is kept for
 * resumption stays a bounded share of the heap however many sessions there are. A session's {@link EventLog} takes
 * bytes for each event it keeps and gives them back when it drops it or ends. Thread-safe.
 */
final class EventBudget {

    private final long maxBytes;
    private final AtomicLong used = new AtomicLong();

    /** @param maxBytes the bytes all kept events may hold together, at least 1 */
    EventBudget(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** Takes {@code bytes} if that many are left; false, taking nothing, otherwise. */
    boolean tryTake(long bytes) {
        long now;
        do {
            now = used.get();
            if (now + bytes > maxBytes) {
                return false;
            }
        } while (!used.compareAndSet(now, now + bytes));
        return true;
    }

    /** Gives back {@code bytes} taken before. */
    void giveBack(long bytes) {
        used.addAndGet(-bytes);
    }

    /** Bytes left to take now. */
    long available() {
        return maxBytes - used.get();
    }

    /** Bytes taken now. */
    long used() {
        return used.get();
    }
}
