package dev.bulwark.stdio;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;

/**
 * Lets at most {@code maxRunning} requests run at once. A request offered while that many run waits its turn as the
 * action that starts it, holding no thread. When a running request ends, the first one waiting starts in its place,
 * on the thread that reports the end, so requests start in the order offered. At most {@code maxWaiting} requests,
 * of at most {@code maxWaitingBytes} together, wait; one more is not taken. A waiting request can be taken out
 * ({@link #cancel}). Once closed, nothing more is taken and nothing waiting starts.
 *
 * <p>Thread-safe. Start actions run while its lock is held: they must neither block nor wait for another thread.
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
        /** The limit is closed: it was not taken. */
        CLOSED
    }

    /** A request waiting its turn: its JSON-RPC id, its size in bytes, and what starts it. */
    private record Waiting(Object id, int bytes, Runnable start) {
    }

    private final int maxRunning;
    private final int maxWaiting;
    private final long maxWaitingBytes;
    /** Guarded by this, like the fields below. */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int running;
    private long waitingBytes;
    private boolean closed;

    /**
     * @param maxRunning how many requests may run at once
     * @param maxWaiting how many may wait their turn
     * @param maxWaitingBytes how many bytes those waiting may take together; a request offered while none waits is
     *     taken whatever its size
     */
    InFlightLimit(int maxRunning, int maxWaiting, long maxWaitingBytes) {
        this.maxRunning = maxRunning;
        this.maxWaiting = maxWaiting;
        this.maxWaitingBytes = maxWaitingBytes;
    }

    /**
     * Runs {@code start} now if fewer than {@code maxRunning} requests run, or keeps it waiting; {@link #ended()}
     * must be called once when a started request ends.
     *
     * @param id the request's JSON-RPC id, which {@link #cancel} names
     * @param bytes the request's size
     */
    synchronized Admission offer(Object id, int bytes, Runnable start) {
        if (closed) {
            return Admission.CLOSED;
        }
        if (running < maxRunning) { // then none waits
            running++;
            start.run();
            return Admission.STARTED;
        }
        if (waiting.size() >= maxWaiting || !waiting.isEmpty() && waitingBytes + bytes > maxWaitingBytes) {
            return Admission.FULL;
        }
        waiting.add(new Waiting(id, bytes, start));
        waitingBytes += bytes;
        return Admission.WAITING;
    }

    /** A request that started here has ended: the first one waiting, if any, starts in its place. */
    synchronized void ended() {
        Waiting next = waiting.poll();
        if (next == null) {
            running--;
            return;
        }
        waitingBytes -= next.bytes();
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
                waitingBytes -= request.bytes();
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
        waiting.clear();
        waitingBytes = 0;
        return ids;
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
