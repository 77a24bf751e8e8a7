package dev.bulwark.http.edge;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Blocker;

/**
 * Reads and throws away what is left of the body of a request that is refused (for its size, or because the server
 * is draining), before the refusal is written. The client is usually still sending when it is refused; a server that
 * answers and closes the connection on unread bytes makes the kernel reset it, and the client can get that reset
 * instead of its answer: it cannot tell a 413 from a network fault, nor know that a refused call never ran. Reading
 * the rest first lets the answer arrive.
 *
 * <p>Bounded, so a refused body costs little: a body that declares more than {@value #MAX_BYTES} bytes is not read at
 * all, otherwise at most that many bytes are read (never kept) for at most {@value #MAX_SECONDS} seconds, however the
 * client sends them. A read waiting for bytes that do not come would wait for the connection's idle timeout, so
 * while the rest is read the connection's idle timeout is cut to the time left (and set back after): a client whose
 * body stops half-way delays its answer, and while the server drains the end of the drain, by those seconds at most.
 * A client whose body is not read to its end may still see a reset. Once the answer is complete the container no
 * longer waits for request bytes, which is why this runs before it. Meant for refusals a legitimate client must be
 * able to act on (413, 503 while draining), not for those of callers that failed authentication or came from a
 * foreign origin (401, 403): reading their bodies would be work done for an attacker. Stateless and thread-safe.
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
    public static void discardRest(Request request) {
        if (request.getLength() > MAX_BYTES) {
            return;
        }
        long left = MAX_BYTES;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_SECONDS);
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        long idleTimeout = endPoint.getIdleTimeout();
        try {
            while (left > 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    endPoint.setIdleTimeout(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
                    try (Blocker.Runnable blocker = Blocker.runnable()) {
                        request.demand(blocker);
                        blocker.block();
                    }
                    continue;
                }
                boolean done = chunk.isLast() || Content.Chunk.isFailure(chunk);
                left -= chunk.remaining();
                chunk.release();
                if (done) {
                    return;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the client went away or stalled: nothing left to protect
        } finally {
            endPoint.setIdleTimeout(idleTimeout);
        }
    }
}
