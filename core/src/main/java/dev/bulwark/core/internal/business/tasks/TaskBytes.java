package dev.bulwark.core.internal.business.tasks;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The bytes of JSON the tasks an instance accepted keep (a task's request while it is active, then its result or
 * error until it expires), per caller and in all, within their bounds. Thread-safe (one lock: every operation is a few
 * map operations).
 */
final class TaskBytes {

    /** What one task holds: its owner's bytes, until it expires. */
    private static final class Held {
        final String owner;
        final Instant expiresAt;
        long bytes;

        Held(String owner, Instant expiresAt, long bytes) {
            this.owner = owner;
            this.expiresAt = expiresAt;
            this.bytes = bytes;
        }
    }

    private final long maxPerCaller;
    private final long maxInAll;
    private final Map<String, Held> byTask = new HashMap<>();
    private final Map<String, Long> byOwner = new HashMap<>();
    private long inAll;

    TaskBytes(long maxPerCaller, long maxInAll) {
        this.maxPerCaller = maxPerCaller;
        this.maxInAll = maxInAll;
    }

    long maxPerCaller() {
        return maxPerCaller;
    }

    long maxInAll() {
        return maxInAll;
    }

    /**
     * Takes {@code bytes} for the new task {@code taskId} of {@code owner}, kept until {@code expiresAt} at most;
     * first gives back what expired tasks held at {@code now}.
     *
     * @return whether they fit within both bounds (nothing is taken when they do not)
     */
    synchronized boolean take(String taskId, String owner, long bytes, Instant expiresAt, Instant now) {
        forgetExpired(now);
        if (!fits(owner, bytes)) {
            return false;
        }
        byTask.put(taskId, new Held(owner, expiresAt, bytes));
        add(owner, bytes);
        return true;
    }

    /**
     * Makes task {@code taskId} hold {@code bytes} instead of what it holds now (its result instead of its request)
     * when they fit within both bounds, or when they are fewer; nothing for a task not held here.
     *
     * @return whether it holds {@code bytes} now (true for a task not held here: nothing bounds it)
     */
    synchronized boolean resize(String taskId, long bytes) {
        Held held = byTask.get(taskId);
        if (held == null) {
            return true;
        }
        long more = bytes - held.bytes;
        if (more > 0 && !fits(held.owner, more)) {
            return false;
        }
        held.bytes = bytes;
        add(held.owner, more);
        return true;
    }

    /** Gives back everything task {@code taskId} holds. */
    synchronized void release(String taskId) {
        Held held = byTask.remove(taskId);
        if (held != null) {
            add(held.owner, -held.bytes);
        }
    }

    /** Gives back what the tasks expired at {@code now} hold. */
    synchronized void forgetExpired(Instant now) {
        for (Iterator<Held> it = byTask.values().iterator(); it.hasNext(); ) {
            Held held = it.next();
            if (!now.isBefore(held.expiresAt)) {
                it.remove();
                add(held.owner, -held.bytes);
            }
        }
    }

    /** The bytes {@code owner}'s tasks hold. */
    synchronized long heldBy(String owner) {
        return byOwner.getOrDefault(owner, 0L);
    }

    /** The bytes every task holds. */
    synchronized long held() {
        return inAll;
    }

    private boolean fits(String owner, long bytes) {
        return byOwner.getOrDefault(owner, 0L) + bytes <= maxPerCaller && inAll + bytes <= maxInAll;
    }

    private void add(String owner, long bytes) {
        inAll += bytes;
        long now = byOwner.getOrDefault(owner, 0L) + bytes;
        if (now == 0) {
            byOwner.remove(owner);
        } else {
            byOwner.put(owner, now);
        }
    }
}
