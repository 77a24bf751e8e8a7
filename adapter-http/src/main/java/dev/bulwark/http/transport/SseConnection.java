package dev.bulwark.http.transport;

import dev.bulwark.http.exchange.McpExchange;
import dev.bulwark.ports.json.JsonBytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * One open HTTP response carrying server-sent events: its status and headers, then frames written as they come,
 * queued behind those still being written so that a write never waits for the client. Ends once, after its last
 * frame or with a failure, and then completes the request's {@link Callback}. Thread-safe.
 */
final class SseConnection implements EventConnection {

    static final String TEXT_EVENT_STREAM = "text/event-stream";
    /**
     * The most bytes of frames a connection holds for a client that does not read them, beyond the last write (which
     * is always taken, whatever its size): past it the connection fails, so one stalled client holds no thread and a
     * bounded share of memory; a session's stream keeps its events and resumes on a new connection.
     */
    static final long MAX_UNWRITTEN_BYTES = 1 << 20;

    private final Response response;
    private final Callback callback;
    private final long maxUnwrittenBytes;
    /** Made at the first write that must queue: an answer written alone (the common case) needs neither. */
    private Flusher flusher;

    private ArrayDeque<ByteBuffer> queued;
    /** The bytes queued or being written. */
    private long unwritten;

    private long writing;
    private boolean lastQueued;
    private boolean lastWriting;
    private Throwable failure;
    private boolean completed;
    /**
     * Something was written or queued: a later last write is not the whole response, and must not claim a
     * {@code Content-Length}.
     */
    private boolean written;
    /**
     * The connection whose idle timeout the keep-alive rounds check in Jetty's place ({@link #idleCheckedByKeepAlive}),
     * until the response ends; {@code null} otherwise.
     */
    private SocketChannelEndPoint idleChecked;
    /** The idle timeout taken from {@link #idleChecked}, in milliseconds, given back when the response ends. */
    private long idleTimeoutMillis;

    /** Sets the event stream's status and headers on {@code response} (nothing is written yet). */
    SseConnection(Response response, Callback callback) {
        this(response, callback, MAX_UNWRITTEN_BYTES);
    }

    SseConnection(Response response, Callback callback, long maxUnwrittenBytes) {
        this.response = response;
        this.callback = callback;
        this.maxUnwrittenBytes = maxUnwrittenBytes;
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT_EVENT_STREAM);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    }

    /**
     * Queues {@code frames}, and with {@code last} ends the response after them.
     *
     * @throws IOException when the connection has ended: its last frame was queued, the client is gone, or it left
     *         too much unread (then this write is what failed it)
     */
    @Override
    public void write(String frames, boolean last) throws IOException {
        write(frames.getBytes(StandardCharsets.UTF_8), last);
    }

    /**
     * Queues {@code frames}, and with {@code last} ends the response after them; returns without waiting for the
     * client. When {@code last}, the exchange ends now (see {@link McpExchange#writeLast}).
     *
     * @throws IOException when the connection has ended: its last frame was queued, the client is gone, or it left
     *         too much unread (then this write is what failed it)
     */
    @Override
    public void write(byte[] frames, boolean last) throws IOException {
        write(JsonBytes.of(frames), last);
    }

    /**
     * Queues {@code frames}, chunk after chunk, none copied but small ones gathered into one write
     * ({@link ChunkGathering}), and with {@code last} ends the response after them; returns without waiting for the
     * client. When {@code last}, the exchange ends now (see {@link McpExchange#writeLast}). A last write with nothing
     * unwritten before it is the whole response: it is sent with its {@code Content-Length}.
     *
     * @throws IOException when the connection has ended: its last frame was queued, the client is gone, or it left
     *         too much unread (then this write is what failed it)
     */
    @Override
    public void write(JsonBytes frames, boolean last) throws IOException {
        IOException tooSlow = null;
        boolean alone = false;
        Flusher writer = null;
        List<ByteBuffer> chunks = frames.buffers();
        synchronized (this) {
            if (failure != null) {
                throw new IOException("The event stream failed: " + failure);
            }
            if (lastQueued) {
                throw new IOException("The event stream has ended");
            }
            if (last && unwritten == 0 && !written) {
                lastQueued = true; // nothing before it is unwritten: it goes out alone, as the request's last write
                alone = true;
            } else if (!last && unwritten > 0 && unwritten + frames.length() > maxUnwrittenBytes) {
                tooSlow = new IOException(
                        "The client left more than " + maxUnwrittenBytes + " bytes of its event stream unread");
            } else {
                if (chunks.isEmpty()) {
                    queue(ByteBuffer.allocate(0), last);
                }
                for (ByteBuffer chunk : chunks) {
                    queue(chunk, last);
                }
                writer = flusher;
            }
            written = true;
        }
        if (last) {
            giveBackIdleTimeout(); // a client that does not read the last frames meets Jetty's idle timeout
        }
        if (alone) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, frames.length());
            ChunkWrites.writeLast(response, chunks, callback);
            return;
        }
        if (tooSlow != null) {
            fail(tooSlow);
            throw tooSlow;
        }
        if (last) {
            McpExchange.lastWriteComing(callback);
        }
        writer.iterate();
    }

    /**
     * Takes the idle timeout of this response's HTTP/1 connection from Jetty until the response ends: the keep-alive
     * rounds check it instead ({@link #idleCheck}), with Jetty's own measure of idleness. Jetty checks an idle
     * timeout by a task on its scheduler, and reschedules it at each check of a connection that was not idle: for
     * an event stream kept open by comments, one task per connection and timeout, each living that long, all
     * promoted to the old generation. Only a plain HTTP/1 connection is taken: HTTP/2 shares its connection
     * with other streams, and a TLS one notes its traffic on the connection beneath.
     */
    void idleCheckedByKeepAlive(Request request) {
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        if ((version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0)
                || !(request.getConnectionMetaData().getConnection().getEndPoint()
                        instanceof SocketChannelEndPoint endPoint)) {
            return;
        }
        long timeout = endPoint.getIdleTimeout();
        if (timeout <= 0) {
            return;
        }
        synchronized (this) {
            if (failure != null || lastQueued) {
                return;
            }
            idleChecked = endPoint;
            idleTimeoutMillis = timeout;
        }
        endPoint.setIdleTimeout(0);
    }

    /**
     * Ends the connection as Jetty's idle timeout would, once it has been idle (nothing read or written) for the
     * timeout taken by {@link #idleCheckedByKeepAlive}: the timeout is given back, and Jetty expires it at once.
     *
     * @return false when the connection was idle too long
     */
    @Override
    public boolean idleCheck() {
        SocketChannelEndPoint endPoint;
        synchronized (this) {
            endPoint = idleChecked;
            if (endPoint == null || endPoint.getIdleFor() < idleTimeoutMillis) {
                return true;
            }
        }
        giveBackIdleTimeout();
        return false;
    }

    /** Gives Jetty back the idle timeout taken from the connection, unless it was set again meanwhile. */
    private void giveBackIdleTimeout() {
        SocketChannelEndPoint endPoint;
        long timeout;
        synchronized (this) {
            endPoint = idleChecked;
            timeout = idleTimeoutMillis;
            idleChecked = null;
        }
        if (endPoint != null && endPoint.getIdleTimeout() == 0) {
            endPoint.setIdleTimeout(timeout); // a connection idle that long already expires now
        }
    }

    /** Queues {@code frames} behind what is unwritten. Called with the lock held. */
    private void queue(ByteBuffer frames, boolean last) {
        if (queued == null) {
            queued = new ArrayDeque<>();
            flusher = new Flusher();
        }
        queued.add(frames);
        unwritten += frames.remaining();
        lastQueued = last;
    }

    /** Ends the response after what was queued; nothing when it has ended. */
    @Override
    public void end() {
        Flusher writer;
        synchronized (this) {
            if (failure != null || lastQueued) {
                return;
            }
            if (unwritten == 0) {
                lastQueued = true;
                writer = null;
            } else {
                queue(ByteBuffer.allocate(0), true);
                writer = flusher;
            }
        }
        giveBackIdleTimeout();
        if (writer == null) {
            McpExchange.writeLast(response, null, callback);
            return;
        }
        McpExchange.lastWriteComing(callback);
        writer.iterate();
    }

    /**
     * Ends the response as failed (the client is gone, or the server is cutting it), dropping what was not written;
     * nothing when it has ended.
     */
    void fail(Throwable cause) {
        synchronized (this) {
            if (failure != null || lastQueued) {
                return;
            }
            failure = cause;
            if (queued != null) {
                queued.clear();
            }
        }
        complete(cause);
    }

    /** Whether nothing more may be written: the last frame was queued, or the connection failed. */
    synchronized boolean ended() {
        return lastQueued || failure != null;
    }

    /** Whether the last frame was queued: the response ends cleanly once it is written. */
    synchronized boolean finished() {
        return lastQueued && failure == null;
    }

    /** The bytes queued or being written, not yet handed to the connection. */
    synchronized long unwritten() {
        return unwritten;
    }

    /** Completes the request's callback, once. */
    private void complete(Throwable cause) {
        synchronized (this) {
            if (completed) {
                return;
            }
            completed = true;
        }
        giveBackIdleTimeout();
        if (cause == null) {
            callback.succeeded();
        } else {
            callback.failed(cause);
        }
    }

    /**
     * Writes what is queued, one write at a time: a large chunk as it is, small ones gathered into one; ends after
     * the last.
     */
    private final class Flusher extends IteratingCallback {

        private final ChunkGathering gathering = new ChunkGathering(response);

        @Override
        protected Action process() {
            ByteBuffer next;
            boolean last;
            synchronized (SseConnection.this) {
                unwritten -= writing;
                writing = 0;
                gathering.release(); // the last write is done with it
                if (failure != null) {
                    return Action.IDLE; // the request's callback has failed already
                }
                if (queued.isEmpty()) {
                    return lastWriting ? Action.SUCCEEDED : Action.IDLE;
                }
                next = gathering.next(queued);
                writing = next.remaining();
                last = lastQueued && queued.isEmpty();
                lastWriting = last;
            }
            response.write(last, next, this);
            return Action.SCHEDULED;
        }

        @Override
        protected void onCompleteSuccess() {
            synchronized (SseConnection.this) {
                gathering.release();
            }
            complete(null);
        }

        @Override
        protected void onCompleteFailure(Throwable cause) {
            synchronized (SseConnection.this) {
                if (failure == null) {
                    failure = cause;
                }
                queued.clear();
                gathering.release();
            }
            complete(cause);
        }
    }
}
