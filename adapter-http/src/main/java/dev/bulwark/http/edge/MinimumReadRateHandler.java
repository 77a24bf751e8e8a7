package dev.bulwark.http.edge;

import jakarta.servlet.ServletRequest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;

/**
 * Fails the read of a request body that arrives slower than a minimum rate, so a client dribbling its body cannot
 * hold a connection and a request thread for as long as it likes (the idle timeout only bounds each single wait).
 * The rate is this request's own: the bytes it has read since it first asked for its body, checked each time it
 * waits for more, after a one-second grace. A body that is too slow ends in a read failure, and the request is
 * marked so that its error answer is 408 ({@link JsonRpcErrorResponse} asks {@link #wasTooSlow}). A body that stops
 * altogether asks for nothing more to check; the idle timeout ends its wait, and it is answered 408 as well.
 *
 * <p>Jetty's {@code MinimumDataRateHandler} is not used: it is a {@code StatisticsHandler} that records statistics
 * of every request and wraps every response write, which cost about 6 µs of CPU per tool call under load, and the
 * rate it checks is the server's total bytes read rather than the request's. Thread-safe; each request's state is
 * touched only by Jetty's read and demand calls, which never run at the same time.
 */
public final class MinimumReadRateHandler extends Handler.Wrapper {

    /** The request attribute set on a request whose body came too slowly (see {@link #wasTooSlow}). */
    static final String TOO_SLOW = MinimumReadRateHandler.class.getName() + ".tooSlow";

    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long minBytesPerSecond;

    /**
     * @param handler the handler whose requests are checked
     * @param minBytesPerSecond the slowest acceptable request body
     */
    public MinimumReadRateHandler(Handler handler, long minBytesPerSecond) {
        super(handler);
        if (minBytesPerSecond < 1) {
            throw new IllegalArgumentException("minBytesPerSecond must be positive, was " + minBytesPerSecond);
        }
        this.minBytesPerSecond = minBytesPerSecond;
    }

    /** Whether the body of this (servlet) request was cut off for arriving too slowly. */
    public static boolean wasTooSlow(ServletRequest request) {
        return request.getAttribute(TOO_SLOW) != null;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return super.handle(new RateCheckedRequest(request), response, callback);
    }

    /** A request that counts the body bytes it reads and fails its reads once they come in too slowly. */
    private final class RateCheckedRequest extends Request.Wrapper {

        private long firstDemandAt;
        private boolean demanded;
        private long bytesRead;
        private Content.Chunk tooSlow;

        RateCheckedRequest(Request request) {
            super(request);
        }

        @Override
        public Content.Chunk read() {
            if (tooSlow != null) {
                return tooSlow;
            }
            Content.Chunk chunk = super.read();
            if (chunk != null) {
                if (Content.Chunk.isFailure(chunk) && chunk.getFailure() instanceof TimeoutException) {
                    setAttribute(TOO_SLOW, Boolean.TRUE); // the body stopped: the idle timeout ended the wait
                }
                bytesRead += chunk.remaining();
            }
            return chunk;
        }

        @Override
        public void demand(Runnable demandCallback) {
            long now = NanoTime.now();
            if (!demanded) {
                demanded = true;
                firstDemandAt = now;
            } else {
                long elapsed = now - firstDemandAt;
                if (elapsed >= GRACE_NANOS && bytesRead * 1_000_000_000.0 / elapsed < minBytesPerSecond) {
                    tooSlow = Content.Chunk.from(new TimeoutException(
                            "request body arrived slower than " + minBytesPerSecond + " bytes per second"));
                    setAttribute(TOO_SLOW, Boolean.TRUE);
                    demandCallback.run();
                    return;
                }
            }
            super.demand(demandCallback);
        }
    }
}
