package dev.bulwark.ports.json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One JSON text in UTF-8, held as byte chunks written out one after the other and never joined, so that a large
 * message is held once and a shared part is referred to, not copied. Immutable and thread-safe: nobody writes its
 * chunks once it is built, readers of {@link #buffers()} included.
 */
public final class JsonBytes {

    private static final JsonBytes EMPTY = new JsonBytes(List.of(), 0);

    /** Each chunk's bytes, between its position and its limit. */
    private final List<ByteBuffer> chunks;

    private final long length;

    private JsonBytes(List<ByteBuffer> chunks, long length) {
        this.chunks = chunks;
        this.length = length;
    }

    /** No bytes at all: an answer with no message. */
    public static JsonBytes empty() {
        return EMPTY;
    }

    /**
     * {@code json} in UTF-8, each lone surrogate (which UTF-8 cannot carry) written as its <code>&#92;u</code> escape:
     * outside its strings JSON is ASCII, so a surrogate can only be inside a string, where the escape means the same
     * character.
     */
    public static JsonBytes of(String json) {
        return json.isEmpty() ? EMPTY : of(escapeLoneSurrogates(json).getBytes(StandardCharsets.UTF_8));
    }

    private static String escapeLoneSurrogates(String json) {
        StringBuilder escaped = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            boolean lone = Character.isHighSurrogate(c)
                    ? i + 1 == json.length() || !Character.isLowSurrogate(json.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(json.charAt(i - 1)));
            if (lone && escaped == null) {
                escaped = new StringBuilder(json.length() + 16).append(json, 0, i);
            }
            if (escaped != null) {
                if (lone) {
                    escaped.append(String.format("\\u%04x", (int) c));
                } else {
                    escaped.append(c);
                }
            }
        }
        return escaped == null ? json : escaped.toString();
    }

    /** {@code utf8} as it is, not copied: whoever passes it must not change it afterwards. */
    public static JsonBytes of(byte[] utf8) {
        return utf8.length == 0 ? EMPTY : new JsonBytes(List.of(ByteBuffer.wrap(utf8)), utf8.length);
    }

    /** The {@code length} bytes of {@code utf8} from {@code offset}, not copied: they must not change afterwards. */
    public static JsonBytes of(byte[] utf8, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, utf8.length);
        return length == 0
                ? EMPTY
                : new JsonBytes(List.of(ByteBuffer.wrap(utf8, offset, length).slice()), length);
    }

    /** A builder that takes bytes as an {@link OutputStream}, for a JSON writer to write into. */
    public static Builder builder() {
        return new Builder();
    }

    /** How many bytes the text has. */
    public long length() {
        return length;
    }

    /** Whether the text has no bytes. */
    public boolean isEmpty() {
        return length == 0;
    }

    /**
     * The chunks in order, each a new view whose position and limit bound its bytes: reading them moves no other
     * reader's position. They must not be written.
     */
    public List<ByteBuffer> buffers() {
        List<ByteBuffer> views = new ArrayList<>(chunks.size());
        for (ByteBuffer chunk : chunks) {
            views.add(chunk.duplicate());
        }
        return views;
    }

    /** Writes the bytes to {@code out}, chunk by chunk. */
    public void writeTo(OutputStream out) throws IOException {
        for (ByteBuffer chunk : chunks) {
            out.write(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
        }
    }

    /** The bytes in one new array: a copy, for a reader that needs them so. */
    public byte[] toByteArray() {
        byte[] all = new byte[Math.toIntExact(length)];
        int at = 0;
        for (ByteBuffer chunk : chunks) {
            int size = chunk.remaining();
            System.arraycopy(chunk.array(), chunk.arrayOffset() + chunk.position(), all, at, size);
            at += size;
        }
        return all;
    }

    /** The JSON text. */
    @Override
    public String toString() {
        return chunks.size() == 1
                ? new String(
                        chunks.get(0).array(),
                        chunks.get(0).arrayOffset() + chunks.get(0).position(),
                        chunks.get(0).remaining(),
                        StandardCharsets.UTF_8)
                : new String(toByteArray(), StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonBytes that
                && length == that.length
                && toString().equals(that.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /**
     * Collects bytes into chunks that grow from {@value #FIRST_CHUNK} bytes to {@value #MAX_CHUNK}: a small message is
     * one chunk, a large one ends with at most one chunk's worth of unused room. Not thread-safe; built once.
     */
    public static final class Builder extends OutputStream {

        static final int FIRST_CHUNK = 1 << 10;
        static final int MAX_CHUNK = 1 << 16;

        private final List<ByteBuffer> chunks = new ArrayList<>(4);
        private byte[] current;
        /** Where the bytes of {@link #current} not yet in {@link #chunks} start. */
        private int start;

        private int used;
        private long length;
        private boolean built;

        private Builder() {}

        @Override
        public void write(int b) {
            room();
            current[used++] = (byte) b;
            length++;
        }

        @Override
        public void write(byte[] bytes, int offset, int count) {
            Objects.checkFromIndexSize(offset, count, bytes.length);
            while (count > 0) {
                room();
                int taken = Math.min(count, current.length - used);
                System.arraycopy(bytes, offset, current, used, taken);
                used += taken;
                offset += taken;
                count -= taken;
                length += taken;
            }
        }

        /** Writes {@code ascii}, a text of ASCII characters only (JSON punctuation, a key). */
        public Builder ascii(String ascii) {
            for (int i = 0; i < ascii.length(); i++) {
                write(ascii.charAt(i));
            }
            return this;
        }

        /** Appends {@code json}'s chunks as they are, not copied; what is written next follows them. */
        public Builder append(JsonBytes json) {
            checkOpen();
            if (json.isEmpty()) {
                return this;
            }
            closeSegment();
            chunks.addAll(json.chunks);
            length += json.length;
            return this;
        }

        /** The text written; the builder takes nothing more. */
        public JsonBytes build() {
            checkOpen();
            closeSegment();
            built = true;
            return length == 0 ? EMPTY : new JsonBytes(List.copyOf(chunks), length);
        }

        /** Makes sure {@link #current} has room for a byte. */
        private void room() {
            checkOpen();
            if (current != null && used < current.length) {
                return;
            }
            closeSegment();
            int size = current == null ? FIRST_CHUNK : Math.min(MAX_CHUNK, current.length * 2);
            current = new byte[size];
            start = 0;
            used = 0;
        }

        /** Puts the bytes of {@link #current} written since its last segment into {@link #chunks}. */
        private void closeSegment() {
            if (current != null && used > start) {
                chunks.add(ByteBuffer.wrap(current, start, used - start).slice());
                start = used;
            }
        }

        private void checkOpen() {
            if (built) {
                throw new IllegalStateException("the JSON bytes were built: the builder takes nothing more");
            }
        }
    }
}
