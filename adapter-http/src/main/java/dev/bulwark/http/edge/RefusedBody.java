package dev.bulwark.http.edge;

import jakarta.servlet.ServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/**
 * Reads and throws away what is left of the body of a request that is refused (for its size, or because the server
 * is draining), before the refusal is written. The client is usually still sending when it is refused; a server that
 * answers and closes the connection on unread bytes makes the kernel reset it, and the client can get that reset
 * instead of its answer: it cannot tell a 413 from a network fault, nor know that a refused call never ran. Reading
 * the rest first lets the answer arrive.
 *
 * <p>Bounded, so a refused body costs little: a body that declares more than {@value #MAX_BYTES} bytes is not read at
 * all, otherwise at most that many bytes are read (never kept) for at most {@value #MAX_SECONDS} seconds, each read
 * also bounded by the idle timeout and the minimum read rate; a client whose body is not read to its end may still
 * see a reset. Once the answer is complete the container no longer waits for request bytes, which is why this runs
 * before it. Meant for refusals a legitimate client must be able to act on (413, 503 while draining), not for those
 * of callers that failed authentication or came from a foreign origin (401, 403): reading their bodies would be work
 * done for an attacker. Stateless and thread-safe.
 */
public final class RefusedBody {

    /** The most bytes read and thrown away after a body is refused. */
    static final long MAX_BYTES = 4L * 1024 * 1024;
    /** The longest time spent reading them. */
    static final long MAX_SECONDS = 2;

    private RefusedBody() {
    }

    /**
     * Reads the rest of {@code request}'s body and throws it away, within the bounds. A client that stops sending,
     * or sends too slowly, only ends it sooner; the connection is closed after the refusal either way.
     */
    public static void discardRest(ServletRequest request) {
        if (request.getContentLengthLong() > MAX_BYTES) {
            return;
        }
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
