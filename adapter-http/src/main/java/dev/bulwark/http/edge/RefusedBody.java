package dev.bulwark.http.edge;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Blocker;

/**
 * Reads and throws away the rest of a refused request's body, so its client gets the refusal, not a reset.
 */
public final class RefusedBody {

    /** The most bytes read and thrown away after a body is refused. */
    static final long MAX_BYTES = 4L * 1024 * 1024;
    /** The longest time spent reading them. */
    static final long MAX_SECONDS = 2;

    private RefusedBody() {}

    /**
     * Reads the rest of {@code request}'s body and throws it away, within the bounds. A client that stops sending,
     * or sends too slowly, only ends it sooner; the connection is closed after the refusal either way. Meant for
     * refusals a legitimate client must act on (413, 503 while draining), never for 401 or 403: reading those
     * bodies would be work done for an attacker.
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
