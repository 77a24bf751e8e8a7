package dev.bulwark.stdio;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;

/**
 * Lets at most {@code maxRunning} requests run at once; the others wait their turn holding no thread.
 */
final class InFlightLimit {

    /** What became of an offered request. */
    enum Admission {
        /** It started at once. */
        STARTED,
        /** It waits its turn. */
        WAITING,
        /** Too many requests wait already: it was not taken. */
        FULL,
        /** The requests held take their bytes already: it was not taken. */
        NO_ROOM,
        /** The limit is closed: it was not taken. */
        CLOSED
    }

    /** A request waiting its turn: its JSON-RPC id, its size in bytes, and what starts it. */
    private record Waiting(Object id, int bytes, Runnable start) {}

    /** The share of the heap the lines of the requests held may take: a 64th (2 MiB of a 128 MiB heap). */
    static final int HEAP_SHARE = 64;

    private final int maxRunning;
    private final int maxWaiting;
    private final long maxHeldBytes;
    /** Guarded by this, like the fields below. */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

    private int running;
    /** The bytes of the requests running and waiting; written under the lock, read without it by {@link #fits}. */
    private volatile long heldBytes;

    private boolean closed;

    /**
     * @param maxRunning how many requests may run at once
     * @param maxWaiting how many may wait their turn
     * @param maxHeldBytes how many bytes the requests running and waiting may take together; a request offered while
     *     none is held is taken whatever its size
     */
    InFlightLimit(int maxRunning, int maxWaiting, long maxHeldBytes) {
        this.maxRunning = maxRunning;
        this.maxWaiting = maxWaiting;
        this.maxHeldBytes = maxHeldBytes;
    }

    /**
     * How many bytes of lines the requests running and waiting may take together: a {@value #HEAP_SHARE}th of
     * {@code maxHeapBytes}, and at least one longest line.
     */
    static long maxHeldBytes(long maxHeapBytes, int maxLineBytes) {
        return Math.max(maxLineBytes, maxHeapBytes / HEAP_SHARE);
    }

    /**
     * Runs {@code start} now if fewer than {@code maxRunning} requests run, or keeps it waiting; {@link #ended}
     * must be called once with the same {@code bytes} when a started request ends.
     *
     * @param id the request's JSON-RPC id, which {@link #cancel} names
     * @param bytes the request's size
     */
    synchronized Admission offer(Object id, int bytes, Runnable start) {
        if (closed) {
            return Admission.CLOSED;
        }
        if (!fits(bytes)) {
            return Admission.NO_ROOM;
        }
        if (running < maxRunning) { // then none waits
            running++;
            heldBytes += bytes;
            start.run();
            return Admission.STARTED;
        }
        if (waiting.size() >= maxWaiting) {
            return Admission.FULL;
        }
        waiting.add(new Waiting(id, bytes, start));
        heldBytes += bytes;
        return Admission.WAITING;
    }

    /**
     * A request that started here has ended, giving back its {@code bytes}: the first one waiting, if any, starts in
     * its place.
     */
    synchronized void ended(int bytes) {
        heldBytes -= bytes;
        Waiting next = waiting.poll();
        if (next == null) {
            running--;
            return;
        }
        next.start().run();
    }

    /**
     * Takes the first waiting request with the JSON-RPC id {@code id} out: it will never start. False if none waits.
     */
    synchronized boolean cancel(Object id) {
        Object key = key(id);
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting request = it.next();
            if (key(request.id()).equals(key)) {
                it.remove();
                heldBytes -= request.bytes();
                return true;
            }
        }
        return false;
    }

    /**
     * Takes nothing more from now on, and returns the ids of the requests that were waiting, in order: none of them
     * will start. Those running still end as usual. Idempotent.
     */
    synchronized List<Object> close() {
        closed = true;
        List<Object> ids = waiting.stream().map(Waiting::id).toList();
        waiting.forEach(request -> heldBytes -= request.bytes());
        waiting.clear();
        return ids;
    }

    /**
     * Whether a request of {@code bytes} fits beside those running and waiting now. Without the lock: the reader asks
     * it of every line.
     */
    boolean fits(long bytes) {
        long held = heldBytes;
        return held == 0 || held + bytes <= maxHeldBytes;
    }

    /** The bytes of the requests running and waiting now. */
    long heldBytes() {
        return heldBytes;
    }

    /** How many requests wait their turn now. */
    synchronized int waiting() {
        return waiting.size();
    }

    /** One key for a JSON-RPC id read as an integer or as a long; the string "1" stays apart from the number 1. */
    private static Object key(Object id) {
        return id instanceof Number number ? (Object) number.longValue() : id;
    }
}
