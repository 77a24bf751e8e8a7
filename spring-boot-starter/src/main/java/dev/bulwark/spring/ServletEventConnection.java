package dev.bulwark.spring;

import dev.bulwark.http.transport.EventConnection;
import dev.bulwark.ports.json.JsonBytes;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's event stream on one asynchronous servlet response: the event stream's headers with the first write,
 * each write flushed, the request completed after the last. Thread-safe: one lock orders the writes.
 */
final class ServletEventConnection implements EventConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ServletEventConnection.class);

    private final AsyncContext async;
    private boolean started;
    private boolean ended;

    ServletEventConnection(AsyncContext async) {
        this.async = async;
    }

    @Override
    public synchronized void write(JsonBytes frames, boolean last) throws IOException {
        if (ended) {
            throw new IOException("The event stream has ended");
        }
        try {
            start();
            OutputStream out = async.getResponse().getOutputStream();
            for (ByteBuffer chunk : frames.buffers()) {
                ByteBuffer view = chunk.duplicate();
                if (view.hasArray()) {
                    out.write(view.array(), view.arrayOffset() + view.position(), view.remaining());
                } else {
                    byte[] copy = new byte[view.remaining()];
                    view.get(copy);
                    out.write(copy);
                }
            }
            out.flush();
        } catch (IOException | RuntimeException gone) {
            ended = true;
            complete();
            throw gone instanceof IOException io ? io : new IOException("The client went away", gone);
        }
        if (last) {
            ended = true;
            complete();
        }
    }

    @Override
    public synchronized void end() {
        if (ended) {
            return;
        }
        ended = true;
        try {
            start();
        } catch (IOException | RuntimeException gone) {
            LOG.debug("A client went away before its event stream ended");
        }
        complete();
    }

    /** The client left or the container gave up on the request: nothing more is written, and the request ends. */
    synchronized void lost() {
        if (!ended) {
            ended = true;
            complete();
        }
    }

    private void start() throws IOException {
        if (started) {
            return;
        }
        started = true;
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.flushBuffer();
    }

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyEnded) {
            LOG.debug("The response had ended already");
        }
    }
}
