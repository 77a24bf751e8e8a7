package dev.bulwark.http.exchange;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body once, whole, into bytes, never more than a limit.
 */
final class RequestBody {

    /** The most the first buffer holds, whatever the body declares. */
    static final int FIRST_BUFFER_BYTES = 64 * 1024;

    private RequestBody() {}

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
        return read(request, maxBytes, 0, null);
    }

    /**
     * The whole body of {@code request}, running {@code whenSlow} once, on Jetty's scheduler, when the body is still
     * arriving {@code slowAfterNanos} after the read first had to wait for bytes, whether bytes still come or have
     * stopped. A body that is all there when read never waits, so it schedules nothing.
     *
     * @param whenSlow told when the body arrives slowly, from another thread; {@code null} to tell no one
     * @throws TooLargeException when it is longer than {@code maxBytes}
     * @throws IOException when the client failed or stopped sending
     */
    public static byte[] read(Request request, long maxBytes, long slowAfterNanos, Runnable whenSlow)
            throws IOException {
        long declared = request.getLength();
        if (declared > maxBytes) {
            throw new TooLargeException(maxBytes);
        }
        long most = declared >= 0 ? declared : maxBytes;
        byte[] body = new byte[firstBufferBytes(declared)];
        int size = 0;
        Scheduler.Task slowTimer = null;
        try {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    if (whenSlow != null && slowTimer == null) {
                        slowTimer = request.getComponents()
                                .getScheduler()
                                .schedule(whenSlow, slowAfterNanos, TimeUnit.NANOSECONDS);
                    }
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
                        body = Arrays.copyOf(body, (int) Math.min(most, Math.max(body.length * 2L, size + length)));
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
        } finally {
            if (slowTimer != null) {
                slowTimer.cancel();
            }
        }
    }

    /**
     * The first buffer for a body that declares {@code declared} bytes (-1: none declared). It grows with the bytes
     * that arrive, never to a size only declared: a client that declares 1 MiB and sends slowly holds little.
     */
    static int firstBufferBytes(long declared) {
        return (int) (declared >= 0 ? Math.min(declared, FIRST_BUFFER_BYTES) : 1024);
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
