package dev.bulwark.http.edge;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;

/**
 * Fails the read of a request body that arrives slower than a minimum rate.
 */
public final class MinimumReadRateHandler extends Handler.Wrapper {

    /** The request attribute set on a request whose body came too slowly (see {@link #wasTooSlow}). */
    static final String TOO_SLOW = MinimumReadRateHandler.class.getName() + ".tooSlow";

    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * The longest a body may stop mid-way, however fast it came before: without it, a body whose first bytes came
     * fast could stop for as long as its average rate allows (a minute for the first 64 KiB), holding its request
     * thread until the idle timeout.
     */
    private static final long MAX_STALL_NANOS = TimeUnit.SECONDS.toNanos(10);

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

    /** Whether the body of this request was cut off for arriving too slowly. */
    public static boolean wasTooSlow(Request request) {
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
        /** The connection's idle timeout before it was cut, or -1 while it is not cut. */
        private long idleTimeoutBeforeCut = -1;

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
                    setAttribute(TOO_SLOW, Boolean.TRUE); // the body stopped: the (cut) idle timeout ended the wait
                }
                bytesRead += chunk.remaining();
                if (chunk.isLast() || Content.Chunk.isFailure(chunk)) {
                    restoreIdleTimeout();
                }
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
                    restoreIdleTimeout();
                    demandCallback.run();
                    return;
                }
            }
            long rateDeadline = firstDemandAt + Math.max(GRACE_NANOS, bytesRead * 1_000_000_000L / minBytesPerSecond);
            cutIdleTimeout(Math.min(rateDeadline - now, MAX_STALL_NANOS));
            super.demand(demandCallback);
        }

        /** Lets the connection wait for more of the body for at most {@code nanosLeft} (at least a millisecond). */
        private void cutIdleTimeout(long nanosLeft) {
            EndPoint endPoint = endPoint();
            if (endPoint == null) {
                return;
            }
            if (idleTimeoutBeforeCut < 0) {
                idleTimeoutBeforeCut = endPoint.getIdleTimeout();
            }
            long millisLeft = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanosLeft) + 1);
            endPoint.setIdleTimeout(idleTimeoutBeforeCut > 0 ? Math.min(millisLeft, idleTimeoutBeforeCut) : millisLeft);
        }

        private void restoreIdleTimeout() {
            if (idleTimeoutBeforeCut >= 0) {
                EndPoint endPoint = endPoint();
                if (endPoint != null) {
                    endPoint.setIdleTimeout(idleTimeoutBeforeCut);
                }
                idleTimeoutBeforeCut = -1;
            }
        }

        private EndPoint endPoint() {
            return getConnectionMetaData().getConnection().getEndPoint();
        }
    }
}
