package dev.bulwark.http.transport;

import dev.bulwark.http.exchange.McpExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * One open HTTP response carrying server-sent events: its status and headers, then frames written as they come,
 * each write but the last blocking until the bytes are handed to the connection. Ends once, with a last write or a failure, and
 * then completes the request's {@link Callback}. Not thread-safe: its {@link SseStream} serializes every use.
 */
final class SseConnection {

    static final String TEXT_EVENT_STREAM = "text/event-stream";

    private final Response response;
    private final Callback callback;
    private boolean ended;

    /** Sets the event stream's status and headers on {@code response} (nothing is written yet). */
    SseConnection(Response response, Callback callback) {
        this.response = response;
        this.callback = callback;
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT_EVENT_STREAM);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    }

    /**
     * Writes {@code frames}, and with {@code last} ends the response with them in the same write.
     *
     * @throws IOException when the client is gone; the connection has ended
     */
    void write(String frames, boolean last) throws IOException {
        write(frames.getBytes(StandardCharsets.UTF_8), last);
    }

    /**
     * Writes {@code frames}, and with {@code last} ends the response with them in the same write. A last write does
     * not wait: the request's callback completes when it is written (or fails when the client is gone), and nothing
     * else is written after it. Other writes block until the bytes are handed to the connection.
     *
     * @throws IOException when the client is gone; the connection has ended
     */
    void write(byte[] frames, boolean last) throws IOException {
        if (ended) {
            throw new IOException("The event stream has ended");
        }
        ByteBuffer bytes = ByteBuffer.wrap(frames);
        if (last) {
            ended = true;
            McpExchange.writeLast(response, bytes, callback);
            return;
        }
        try (Blocker.Callback written = Blocker.callback()) {
            response.write(false, bytes, written);
            written.block();
        } catch (IOException | RuntimeException e) {
            fail(e);
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    /** Ends the response after what was written; nothing when it has ended. */
    void end() {
        if (ended) {
            return;
        }
        ended = true;
        McpExchange.writeLast(response, null, callback);
    }

    /** Ends the response as failed (the client is gone, or the server is cutting it); nothing when it has ended. */
    void fail(Throwable cause) {
        if (ended) {
            return;
        }
        ended = true;
        callback.failed(cause);
    }

    boolean ended() {
        return ended;
    }
}
