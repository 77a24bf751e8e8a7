package dev.bulwark.http.transport;

import java.util.Optional;

/**
 * The id of one SSE event of a session: the number of the stream it went out on (each POST answered with a stream,
 * and each GET stream, gets the next number of its session) and its place on that stream (0 is the priming event).
 * Written {@code <stream>-<sequence>}, such as {@code 3-2}: it says nothing about the session, so it is harmless in
 * a proxy's log, and a client's {@code Last-Event-ID} names both the stream to resume and where. Immutable.
 *
 * @param stream the stream's number in its session, from 1
 * @param sequence the event's place on its stream, from 0
 */
record EventId(long stream, long sequence) {

    EventId {
        if (stream < 1 || sequence < 0) {
            throw new IllegalArgumentException("Not an event id: stream " + stream + ", sequence " + sequence);
        }
    }

    /** The id {@code text} holds, or empty when it is not one (a client may send anything). */
    static Optional<EventId> parse(String text) {
        if (text == null || text.length() > 41) {
            return Optional.empty();
        }
        int dash = text.indexOf('-');
        if (dash < 1 || dash == text.length() - 1) {
            return Optional.empty();
        }
        try {
            long stream = Long.parseLong(text, 0, dash, 10);
            long sequence = Long.parseLong(text, dash + 1, text.length(), 10);
            return stream >= 1 && sequence >= 0 ? Optional.of(new EventId(stream, sequence)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return stream + "-" + sequence;
    }
}
