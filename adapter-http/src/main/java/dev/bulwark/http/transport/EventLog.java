package dev.bulwark.http.transport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last events a session sent, on all its streams, kept so that a client that lost a stream can resume it after
 * the last event it got ({@code Last-Event-ID}). Bounded: it keeps at most {@code capacity} events, and drops the
 * oldest first. A stream can be resumed after an event only while every later event of that stream is still kept;
 * once one is dropped, resuming would silently lose it, so it is refused instead. What it remembers of a stream
 * beyond its events is dropped when the stream is closed and none of its events is left. Thread-safe.
 */
final class EventLog {

    /** One kept event: its id and the message it carried, as written (UTF-8 JSON; not copied, never changed). */
    record Event(EventId id, byte[] json) {
    }

    /** What the log knows of one stream. */
    private static final class StreamState {
        int kept;
        long droppedThrough = -1;
        boolean closed;
    }

    private final int capacity;
    private final ArrayDeque<Event> events;
    private final Map<Long, StreamState> streams = new HashMap<>();

    /** @param capacity the most events kept, at least 1 */
    EventLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
        this.events = new ArrayDeque<>(Math.min(capacity, 64));
    }

    /** Starts remembering stream {@code stream}, which can be resumed from its priming event on. */
    synchronized void opened(long stream) {
        streams.putIfAbsent(stream, new StreamState());
    }

    /** Keeps {@code event}, dropping the oldest event when the log is full. */
    synchronized void add(Event event) {
        if (events.size() == capacity) {
            drop(events.removeFirst());
        }
        events.addLast(event);
        streams.computeIfAbsent(event.id().stream(), stream -> new StreamState()).kept++;
    }

    /** Says that stream {@code stream} sends no more events (they stay kept for resumption). */
    synchronized void closed(long stream) {
        StreamState state = streams.get(stream);
        if (state == null) {
            return;
        }
        state.closed = true;
        if (state.kept == 0) {
            streams.remove(stream);
        }
    }

    /**
     * The events of {@code last}'s stream after it, oldest first; empty when that stream cannot be resumed after it
     * (unknown to this log, or one of its later events already dropped).
     */
    synchronized Optional<List<Event>> after(EventId last) {
        StreamState state = streams.get(last.stream());
        if (state == null || state.droppedThrough > last.sequence()) {
            return Optional.empty();
        }
        List<Event> later = new ArrayList<>();
        for (Iterator<Event> it = events.descendingIterator(); it.hasNext(); ) {
            Event event = it.next();
            if (event.id().stream() == last.stream()) {
                if (event.id().sequence() <= last.sequence()) {
                    break;
                }
                later.add(event);
            }
        }
        Collections.reverse(later);
        return Optional.of(later);
    }

    /** Events kept now. */
    synchronized int size() {
        return events.size();
    }

    private void drop(Event event) {
        StreamState state = streams.get(event.id().stream());
        state.kept--;
        state.droppedThrough = event.id().sequence();
        if (state.closed && state.kept == 0) {
            streams.remove(event.id().stream());
        }
    }
}
