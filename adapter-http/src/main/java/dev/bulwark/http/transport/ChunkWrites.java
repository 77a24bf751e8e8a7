package dev.bulwark.http.transport;

import dev.bulwark.http.exchange.McpExchange;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Writes the chunks of one answer on a response, one write after the other, the last ending the response, and then
 * completes the request's callback: a large answer held in chunks leaves without being joined into one array first.
 * Small chunks are gathered ({@link ChunkGathering}). Driven by Jetty's callbacks, one write at a time.
 */
final class ChunkWrites extends IteratingCallback {

    private final Response response;
    private final ArrayDeque<ByteBuffer> chunks;
    private final Callback callback;
    private final ChunkGathering gathering;

    private ChunkWrites(Response response, List<ByteBuffer> chunks, Callback callback) {
        this.response = response;
        this.chunks = new ArrayDeque<>(chunks);
        this.callback = callback;
        this.gathering = new ChunkGathering(response);
    }

    /**
     * Writes {@code chunks} on {@code response} and ends it; {@code callback} completes once they are written. As
     * {@link McpExchange#writeLast}, the exchange ends now.
     */
    static void writeLast(Response response, List<ByteBuffer> chunks, Callback callback) {
        if (chunks.size() == 1) {
            McpExchange.writeLast(response, chunks.get(0), callback);
            return;
        }
        if (chunks.isEmpty()) {
            McpExchange.writeLast(response, null, callback);
            return;
        }
        McpExchange.lastWriteComing(callback);
        new ChunkWrites(response, chunks, callback).iterate();
    }

    @Override
    protected Action process() {
        if (chunks.isEmpty()) {
            gathering.release();
            return Action.SUCCEEDED;
        }
        ByteBuffer next = gathering.next(chunks);
        response.write(chunks.isEmpty(), next, this);
        return Action.SCHEDULED;
    }

    @Override
    protected void onCompleteSuccess() {
        callback.succeeded();
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        gathering.release();
        callback.failed(cause);
    }
}
