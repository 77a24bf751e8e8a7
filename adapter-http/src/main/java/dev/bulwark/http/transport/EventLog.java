package dev.bulwark.http.transport;

import dev.bulwark.ports.json.JsonBytes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The last events a session sent on all its streams, bounded in count, in bytes and by the transport's shared
 * {@link EventBudget}, so that a client that lost a stream can resume it after its last event ({@code Last-Event-ID}).
 * Thread-safe.
 */
final class EventLog {

    /** One kept event: its id and the message it carried, as written (UTF-8 JSON; not copied, never changed). */
    record Event(EventId id, JsonBytes json) {

        Event(EventId id, byte[] json) {
            this(id, JsonBytes.of(json));
        }
    }

    /** What the log knows of one stream. */
    private static final class StreamState {
        long droppedThrough = -1;
    }

    private record Kept(Event event, StreamState state) {}

    private final int capacity;
    private final long maxBytes;
    private final EventBudget budget;
    /** Each kept event with its stream's state, so dropping the oldest needs no look-up of a long-cold entry. */
    private final ArrayDeque<Kept> events;

    /**
     * The open streams' states. A closed stream's state lives on only in its kept events, so dropping a stream's last
     * event needs no removal of a long-cold entry here, which in a busy server costs more than the rest of the log.
     */
    private final Map<Long, StreamState> streams = new HashMap<>();

    private long bytes;
    private boolean closed;

    /**
     * @param capacity the most events kept, at least 1
     * @param maxBytes the most bytes of events kept, at least 1
     * @param budget what the transport's sessions may keep together
     */
    EventLog(int capacity, long maxBytes, EventBudget budget) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.budget = Objects.requireNonNull(budget, "budget");
        this.events = new ArrayDeque<>(Math.min(capacity, 64));
    }

    /** Starts remembering stream {@code stream}, which can be resumed from its priming event on. */
    synchronized void opened(long stream) {
        if (!closed) {
            streams.putIfAbsent(stream, new StreamState());
        }
    }

    /**
     * Keeps {@code event}, dropping the oldest events while the log is full, in events or in bytes; an event larger
     * than the log's bytes, or than the shared budget has left once this log kept nothing, is not kept: its stream
     * cannot be resumed from before it.
     */
    synchronized void add(Event event) {
        if (closed) {
            return;
        }
        StreamState state = streams.computeIfAbsent(event.id().stream(), stream -> new StreamState());
        long size = event.json().length();
        if (size > maxBytes) {
            notKept(state, event);
            return;
        }
        if (size > bytes + budget.available()) {
            notKept(state, event); // it would not fit even after dropping every event this log keeps
            return;
        }
        while (!events.isEmpty() && (events.size() == capacity || bytes + size > maxBytes)) {
            dropOldest();
        }
        while (!budget.tryTake(size)) {
            if (events.isEmpty()) {
                notKept(state, event);
                return;
            }
            dropOldest();
        }
        events.addLast(new Kept(event, state));
        bytes += size;
    }

    /** Keeps nothing more and gives every kept event's bytes back: the session ended. */
    synchronized void close() {
        closed = true;
        budget.giveBack(bytes);
        bytes = 0;
        events.clear();
        streams.clear();
    }

    /** Says that stream {@code stream} sends no more events (they stay kept for resumption). */
    synchronized void closed(long stream) {
        streams.remove(stream);
    }

    /**
     * The events of {@code last}'s stream after it, oldest first; empty when that stream cannot be resumed after it
     * (unknown to this log, or one of its later events already dropped): resuming then would silently lose that
     * event, so it is refused instead.
     */
    synchronized Optional<List<Event>> after(EventId last) {
        StreamState state = streams.get(last.stream());
        if (state == null) {
            state = closedStream(last.stream());
        }
        if (state == null || state.droppedThrough > last.sequence()) {
            return Optional.empty();
        }
        List<Event> later = new ArrayList<>();
        for (Iterator<Kept> it = events.descendingIterator(); it.hasNext(); ) {
            Event event = it.next().event();
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

    /** The state of closed stream {@code stream}, found in its kept events; {@code null} once none is kept. */
    private StreamState closedStream(long stream) {
        for (Kept kept : events) {
            if (kept.event().id().stream() == stream) {
                return kept.state();
            }
        }
        return null;
    }

    /** Events kept now. */
    synchronized int size() {
        return events.size();
    }

    /** Bytes of the events kept now. */
    synchronized long bytes() {
        return bytes;
    }

    private void dropOldest() {
        Kept oldest = events.removeFirst();
        Event event = oldest.event();
        StreamState state = oldest.state();
        bytes -= event.json().length();
        budget.giveBack(event.json().length());
        // never lower: a later event of the stream may have been left out already (notKept)
        state.droppedThrough = Math.max(state.droppedThrough, event.id().sequence());
    }

    /** {@code event} was not kept: its stream cannot be resumed from before it. */
    private void notKept(StreamState state, Event event) {
        state.droppedThrough = Math.max(state.droppedThrough, event.id().sequence());
    }
}
