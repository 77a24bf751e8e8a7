package dev.bulwark.http.edge;

import jakarta.servlet.ServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/**
 * Reads and throws away what is left of a request body that is refused for its size, before the refusal is written.
 * The client is usually still sending when it is refused; a server that answers and closes the connection on unread
 * bytes makes the kernel reset it, and the client can get that reset instead of its 413. Reading the rest first lets
 * the answer arrive. Bounded, so a refused body costs little: at most {@value #MAX_BYTES} bytes (never kept) and
 * {@value #MAX_SECONDS} seconds, each read also bounded by the idle timeout and the minimum read rate; what is left
 * after that is not read, and its client may still see a reset.
 *
 * <p>Once the answer is complete the container no longer waits for request bytes, which is why this runs before it.
 */
final class RefusedBody {

    /** The most bytes read and thrown away after the body is refused. */
    static final long MAX_BYTES = 4L * 1024 * 1024;
    /** The longest time spent reading them. */
    static final long MAX_SECONDS = 2;

    private RefusedBody() {
    }

    /** Whether a body that declares {@code length} bytes is small enough to be read to its end before refusing. */
    static boolean fitsTheDiscard(long length) {
        return length <= MAX_BYTES;
    }

    /**
     * Reads the rest of {@code request}'s body and throws it away, within the bounds. A client that stops sending,
     * or sends too slowly, only ends it sooner; the connection is closed after the refusal either way.
     */
    static void discardRest(ServletRequest request) {
        byte[] buffer = new byte[8192];
        long left = MAX_BYTES;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_SECONDS);
        try {
            InputStream body = request.getInputStream();
            while (left > 0 && System.nanoTime() - deadline < 0) {
                int read = body.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    return;
                }
                left -= read;
            }
        } catch (IOException | RuntimeException gone) {
            // the client went away, stalled, or the body is not readable as bytes: nothing left to protect
        }
    }
}
