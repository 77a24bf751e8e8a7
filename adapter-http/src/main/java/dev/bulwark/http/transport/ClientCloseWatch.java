package dev.bulwark.http.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices at once that the client of an HTTP/1 response streaming without end closed its connection, by reading the
 * connection while the response streams. Thread-safe.
 */
final class ClientCloseWatch implements Callback {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCloseWatch.class);

    private final EndPoint endPoint;
    private final Runnable left;
    private final ByteBuffer buffer = BufferUtil.allocate(512);

    private ClientCloseWatch(EndPoint endPoint, Runnable left) {
        this.endPoint = endPoint;
        this.left = left;
    }

    /**
     * Runs {@code left} once the client of {@code request} closes its connection (or sends more on it, which a
     * client reading an endless response does not), or the connection ends for another reason.
     *
     * <p>Jetty reads an HTTP/1 connection only for a request's body or the next request, so while a response streams
     * after the body was read a client that left is seen only when a write fails, the second after it left at best:
     * one keep-alive later or two. This reads it meanwhile. The response must close its connection when it ends
     * ({@code Connection: close}): Jetty would then read the next request, and find this read in its way.
     *
     * @return whether the connection is watched; not over HTTP/2 or later, whose connection other requests share,
     *     nor while Jetty itself reads the connection
     */
    static boolean watch(Request request, Runnable left) {
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
            return false;
        }
        return new ClientCloseWatch(
                        request.getConnectionMetaData().getConnection().getEndPoint(), left)
                .arm();
    }

    private boolean arm() {
        return endPoint.tryFillInterested(this);
    }

    /** The connection can be read: its end (or bytes that should not come), or nothing after all. */
    @Override
    public void succeeded() {
        int read;
        try {
            BufferUtil.clear(buffer);
            read = endPoint.fill(buffer);
        } catch (IOException gone) {
            read = -1;
        }
        if (read == 0) {
            arm(); // nothing after all; should Jetty read it now, a failed write still tells
            return;
        }
        LOG.debug("The client of an event stream closed its connection (or sent more on it)");
        left.run();
    }

    /** The connection ended (closed, or idle for too long). */
    @Override
    public void failed(Throwable cause) {
        left.run();
    }
}
