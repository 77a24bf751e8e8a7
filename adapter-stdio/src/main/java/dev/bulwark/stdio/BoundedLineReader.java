package dev.bulwark.stdio;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads lines of raw bytes, never holding more than a fixed number of bytes of one line.
 */
final class BoundedLineReader {

    /** Returned by {@link #readLine()} when the input has ended and no bytes of a further line remain. */
    static final int END_OF_INPUT = -1;

    /** Returned by {@link #readLine()} for a line longer than the limit; its bytes have been discarded. */
    static final int TOO_LONG = -2;

    /** The largest limit an array can hold with room for a trailing {@code \r}. */
    static final int MAX_LIMIT = Integer.MAX_VALUE - 16;

    private static final int CHUNK_BYTES = 8 * 1024;
    private static final int INITIAL_LINE_BYTES = 8 * 1024;
    /** A line buffer grown beyond this is dropped after use, so one big message does not pin memory. */
    private static final int RETAINED_LINE_BYTES = 1024 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[CHUNK_BYTES];
    private int chunkPos;
    private int chunkLimit;
    private boolean endOfInput;
    private byte[] line;
    private int lineLength;

    BoundedLineReader(InputStream in, int maxLineBytes) {
        if (maxLineBytes <= 0 || maxLineBytes > MAX_LIMIT) {
            throw new IllegalArgumentException("maxLineBytes must be between 1 and " + MAX_LIMIT + ": " + maxLineBytes);
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.line = new byte[Math.min(INITIAL_LINE_BYTES, maxLineBytes + 1)];
    }

    /**
     * Reads the next line.
     *
     * @return the number of bytes of the line, now at the start of {@link #buffer()} (0 for an empty line);
     *     {@link #TOO_LONG}; or {@link #END_OF_INPUT}
     * @throws IOException if reading the stream fails
     */
    int readLine() throws IOException {
        if (line.length > RETAINED_LINE_BYTES) {
            line = new byte[INITIAL_LINE_BYTES];
        }
        lineLength = 0;
        boolean sawBytes = false;
        boolean tooLong = false;
        while (true) {
            if (chunkPos == chunkLimit) {
                int n = endOfInput ? -1 : in.read(chunk, 0, chunk.length);
                if (n < 0) {
                    endOfInput = true;
                    return sawBytes ? finish(tooLong) : END_OF_INPUT;
                }
                chunkPos = 0;
                chunkLimit = n;
                continue;
            }
            sawBytes = true;
            int newline = indexOfNewline(chunk, chunkPos, chunkLimit);
            int end = newline < 0 ? chunkLimit : newline;
            if (!tooLong) {
                tooLong = !append(chunk, chunkPos, end - chunkPos);
            }
            if (newline < 0) {
                chunkPos = chunkLimit;
            } else {
                chunkPos = newline + 1;
                return finish(tooLong);
            }
        }
    }

    /** The bytes of the line last returned by {@link #readLine()}; valid until the next call. */
    byte[] buffer() {
        return line;
    }

    private int finish(boolean tooLong) {
        if (tooLong) {
            lineLength = 0;
            return TOO_LONG;
        }
        if (lineLength > 0 && line[lineLength - 1] == '\r') {
            lineLength--;
        }
        return lineLength > maxLineBytes ? TOO_LONG : lineLength;
    }

    /** Appends to the line, allowing one byte over the limit for a {@code \r}; false (and nothing kept) if over. */
    private boolean append(byte[] src, int from, int count) {
        long needed = (long) lineLength + count;
        if (needed > (long) maxLineBytes + 1) {
            lineLength = 0;
            return false;
        }
        if (needed > line.length) {
            long grown = Math.max(needed, Math.min(2L * line.length, (long) maxLineBytes + 1));
            byte[] bigger = new byte[(int) grown];
            System.arraycopy(line, 0, bigger, 0, lineLength);
            line = bigger;
        }
        System.arraycopy(src, from, line, lineLength, count);
        lineLength += count;
        return true;
    }

    private static int indexOfNewline(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
