package dev.bulwark.http.transport;

import dev.bulwark.ports.json.JsonBytes;
import dev.bulwark.ports.origin.ProtocolEra;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds the bytes of server-sent events: the priming event of a stream and the frame of each message event, whose
 * data is a JSON message already in UTF-8 bytes. A frame refers to its message's chunks, with no intermediate
 * {@code String} or copy; kept events sent again are framed in one array.
 * Stateless and thread-safe.
 */
final class SseFrames {

    private static final byte[] ID = bytes("id: ");
    private static final byte[] MESSAGE_DATA = bytes("\nevent: message\ndata: ");
    private static final byte[] END = bytes("\n\n");

    private SseFrames() {}

    /** The first protocol version whose clients expect a priming event (SEP-1699). */
    static final String PRIMING_SINCE = ProtocolEra.SESSIONS_2025_11_25.version();

    /** Whether a client of {@code protocolVersion} (its header; {@code null}: 2025-03-26) expects a priming event. */
    static boolean primes(String protocolVersion) {
        return protocolVersion != null && protocolVersion.trim().compareTo(PRIMING_SINCE) >= 0;
    }

    /** An SSE comment, which every client ignores: it starts a stream for a client that expects no priming event. */
    static byte[] comment() {
        return bytes(":\n\n");
    }

    /** The priming event of a stream: its id, the {@code retry:} delay and empty data. */
    static byte[] priming(EventId id, long retryMillis) {
        return bytes("id: " + id + "\nretry: " + retryMillis + "\ndata: \n\n");
    }

    /** The frame of one message event carrying {@code json}, after {@code before} (the priming event, or none). */
    static byte[] message(byte[] before, EventId id, byte[] json) {
        int beforeLength = before == null ? 0 : before.length;
        byte[] frame = new byte[beforeLength + length(id, json)];
        if (before != null) {
            System.arraycopy(before, 0, frame, 0, beforeLength);
        }
        put(frame, beforeLength, id, json);
        return frame;
    }

    /**
     * The frame of one message event carrying {@code json}, after {@code before} (the priming event, or none), in
     * chunks: the message's own are referred to, not copied, however large it is.
     */
    static JsonBytes message(byte[] before, EventId id, JsonBytes json) {
        JsonBytes.Builder frame = JsonBytes.builder();
        if (before != null) {
            frame.write(before, 0, before.length);
        }
        frame.write(ID, 0, ID.length);
        frame.ascii(id.toString());
        frame.write(MESSAGE_DATA, 0, MESSAGE_DATA.length);
        frame.append(json);
        frame.write(END, 0, END.length);
        return frame.build();
    }

    /** The frames of {@code events}, one after the other. */
    static byte[] messages(List<EventLog.Event> events) {
        int total = 0;
        for (EventLog.Event event : events) {
            total += length(event.id(), Math.toIntExact(event.json().length()));
        }
        byte[] frames = new byte[total];
        int at = 0;
        for (EventLog.Event event : events) {
            at = put(frames, at, event.id(), event.json());
        }
        return frames;
    }

    private static int length(EventId id, byte[] json) {
        return length(id, json.length);
    }

    private static int length(EventId id, int jsonLength) {
        return ID.length
                + digits(id.stream())
                + 1
                + digits(id.sequence())
                + MESSAGE_DATA.length
                + jsonLength
                + END.length;
    }

    /** Writes the frame of {@code json} with {@code id} into {@code frame} at {@code at}; returns where it ends. */
    private static int put(byte[] frame, int at, EventId id, byte[] json) {
        at = copy(ID, frame, at);
        at = putDecimal(frame, at, id.stream());
        frame[at++] = '-';
        at = putDecimal(frame, at, id.sequence());
        at = copy(MESSAGE_DATA, frame, at);
        at = copy(json, frame, at);
        return copy(END, frame, at);
    }

    /** Writes the frame of {@code json} with {@code id} into {@code frame} at {@code at}; returns where it ends. */
    private static int put(byte[] frame, int at, EventId id, JsonBytes json) {
        at = copy(ID, frame, at);
        at = putDecimal(frame, at, id.stream());
        frame[at++] = '-';
        at = putDecimal(frame, at, id.sequence());
        at = copy(MESSAGE_DATA, frame, at);
        for (java.nio.ByteBuffer chunk : json.buffers()) {
            int size = chunk.remaining();
            chunk.get(frame, at, size);
            at += size;
        }
        return copy(END, frame, at);
    }

    private static int copy(byte[] source, byte[] target, int at) {
        System.arraycopy(source, 0, target, at, source.length);
        return at + source.length;
    }

    /** Writes non-negative {@code value} in decimal at {@code at}; returns where it ends. */
    private static int putDecimal(byte[] target, int at, long value) {
        int end = at + digits(value);
        long rest = value;
        for (int i = end - 1; i >= at; i--) {
            target[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return end;
    }

    private static int digits(long value) {
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        return digits;
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }
}
