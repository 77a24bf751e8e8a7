package dev.bulwark.loadtest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a stream into {@code \n}-terminated UTF-8 lines, with one read buffer and no per-line copy of the bytes
 * beyond the string itself. Not thread-safe.
 */
final class LineScanner {

    private final InputStream in;
    private byte[] buffer = new byte[64 * 1024];
    private int start;
    private int limit;

    LineScanner(InputStream in) {
        this.in = in;
    }

    /** The next line without its terminator, or {@code null} at end of input. */
    String next() throws IOException {
        int scanned = start;
        while (true) {
            for (int i = scanned; i < limit; i++) {
                if (buffer[i] == '\n') {
                    String line = new String(buffer, start, i - start, StandardCharsets.UTF_8);
                    start = i + 1;
                    return line;
                }
            }
            scanned = limit - start;
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, limit - start);
                limit -= start;
                start = 0;
            }
            if (limit == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                return null;
            }
            limit += n;
        }
    }
}
