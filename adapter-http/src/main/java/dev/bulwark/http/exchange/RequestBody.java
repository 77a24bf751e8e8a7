package dev.bulwark.http.exchange;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Blocker;

/**
 * Reads a request body once, whole, into bytes, and never more than a limit: a body that declares a larger
 * {@code Content-Length} is refused before a byte is read, and a body without one (chunked) is refused as soon as it
 * passes the limit. The one copy made is into the returned array; no stream or reader wraps the request. Blocks the
 * calling thread while the body arrives. Stateless and thread-safe.
 */
public final class RequestBody {

    private RequestBody() {
    }

    /** The body was over the limit; nothing more of it was kept. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long maxBytes) {
            super("Request body too large: the limit is " + maxBytes + " bytes");
        }
    }

    /**
     * The whole body of {@code request}.
     *
     * @throws TooLargeException when it is longer than {@code maxBytes}
     * @throws IOException when the client failed or stopped sending
     */
    public static byte[] read(Request request, long maxBytes) throws IOException {
        long declared = request.getLength();
        if (declared > maxBytes) {
            throw new TooLargeException(maxBytes);
        }
        byte[] body = new byte[declared >= 0 ? (int) declared : 1024];
        int size = 0;
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                awaitContent(request);
                continue;
            }
            try {
                if (Content.Chunk.isFailure(chunk)) {
                    throw asIOException(chunk.getFailure());
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                int length = bytes.remaining();
                if (size + (long) length > maxBytes) {
                    throw new TooLargeException(maxBytes);
                }
                if (size + length > body.length) {
                    body = Arrays.copyOf(body, (int) Math.min(maxBytes, Math.max(body.length * 2L, size + length)));
                }
                bytes.get(body, size, length);
                size += length;
                if (chunk.isLast()) {
                    return size == body.length ? body : Arrays.copyOf(body, size);
                }
            } finally {
                chunk.release();
            }
        }
    }

    private static void awaitContent(Request request) throws IOException {
        try (Blocker.Runnable blocker = Blocker.runnable()) {
            request.demand(blocker);
            blocker.block();
        }
    }

    private static IOException asIOException(Throwable failure) {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof InterruptedException) {
            return new InterruptedIOException("Interrupted while reading the request body");
        }
        return new IOException("The request body could not be read", failure);
    }
}
