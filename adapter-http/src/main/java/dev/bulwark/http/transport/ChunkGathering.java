package dev.bulwark.http.transport;

import java.nio.ByteBuffer;
import java.util.Deque;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Picks the next buffer to write from a queue of chunks: a large chunk as it is, never copied, and a run of small ones
 * gathered into one pooled buffer so that they leave in one write. Not thread-safe: one writer at a time.
 */
final class ChunkGathering {

    /** Chunks at least this large are written as they are; smaller ones are gathered up to this many bytes. */
    static final int GATHER_BYTES = 16 << 10;

    private final Response response;
    /** The pooled buffer of the write in progress, or {@code null}: it wrote a chunk as it is. */
    private RetainableByteBuffer held;

    ChunkGathering(Response response) {
        this.response = response;
    }

    /**
     * The next buffer to write, its bytes taken from the head of {@code chunks} (which must not be empty): the head
     * chunk itself, or it and the small chunks after it gathered. Gives back the buffer of the previous write.
     */
    ByteBuffer next(Deque<ByteBuffer> chunks) {
        release();
        ByteBuffer first = chunks.poll();
        ByteBuffer second = chunks.peek();
        if (second == null
                || first.remaining() >= GATHER_BYTES
                || first.remaining() + second.remaining() > GATHER_BYTES) {
            return first;
        }
        held = pool().acquire(GATHER_BYTES, false);
        ByteBuffer into = held.getByteBuffer();
        int start = BufferUtil.flipToFill(into);
        into.put(first);
        while (!chunks.isEmpty() && chunks.peek().remaining() <= into.remaining()) {
            into.put(chunks.poll());
        }
        BufferUtil.flipToFlush(into, start);
        return into;
    }

    /** Gives the pooled buffer of the last write back, once it is written (or failed). */
    void release() {
        if (held != null) {
            held.release();
            held = null;
        }
    }

    private ByteBufferPool pool() {
        return response.getRequest().getComponents().getByteBufferPool();
    }
}
