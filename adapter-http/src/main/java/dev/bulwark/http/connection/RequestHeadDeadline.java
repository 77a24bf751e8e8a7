package dev.bulwark.http.connection;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection whose request head has not all arrived within a deadline of its first byte: the idle timeout
 * cannot, since every byte restarts it.
 */
public final class RequestHeadDeadline extends AbstractLifeCycle implements Connection.Listener {

    private static final long LONGEST_SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long SHORTEST_SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final long deadlineNanos;
    private final long sweepNanos;
    private final Scheduler scheduler;
    private final Runnable onClosed;
    private final Map<Connection, Watch> watched = new ConcurrentHashMap<>();
    private volatile Scheduler.Task sweep;

    /**
     * @param deadline how long a request head may take from its first byte
     * @param scheduler runs the sweeps (the server's)
     * @param onClosed told each time a connection is closed for a late head (to count and log it)
     */
    public RequestHeadDeadline(Duration deadline, Scheduler scheduler, Runnable onClosed) {
        if (deadline.isZero() || deadline.isNegative()) {
            throw new IllegalArgumentException("deadline must be positive, was " + deadline);
        }
        this.deadlineNanos = deadline.toNanos();
        this.sweepNanos = Math.max(SHORTEST_SWEEP_NANOS, Math.min(LONGEST_SWEEP_NANOS, deadlineNanos / 4));
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
    }

    /** Marks each request's connection busy while the request is served; put it in front of the connector's handler. */
    public Handler handler(Handler next) {
        return new Handler.Wrapper(next) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Connection connection = request.getConnectionMetaData().getConnection();
                Watch watch = watched.get(connection);
                if (watch == null) {
                    return super.handle(request, response, callback);
                }
                watch.requestStarted();
                Runnable ended = () -> watch.requestEnded(connection.getBytesIn());
                boolean handled = false;
                try {
                    handled = super.handle(request, response, Callback.from(callback, ended));
                    return handled;
                } finally {
                    if (!handled) {
                        ended.run(); // Jetty answers it itself and never calls the callback given here
                    }
                }
            }
        };
    }

    @Override
    public void onOpened(Connection connection) {
        watched.put(connection, new Watch());
    }

    @Override
    public void onClosed(Connection connection) {
        watched.remove(connection);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        scheduleSweep();
    }

    @Override
    protected void doStop() throws Exception {
        Scheduler.Task task = sweep;
        if (task != null) {
            task.cancel();
        }
        super.doStop();
    }

    private void scheduleSweep() {
        if (isRunning() || isStarting()) {
            sweep = scheduler.schedule(this::sweep, sweepNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void sweep() {
        try {
            long now = NanoTime.now();
            watched.forEach((connection, watch) -> {
                if (watch.overdue(connection.getBytesIn(), now, deadlineNanos)) {
                    watched.remove(connection);
                    connection.close();
                    onClosed.run();
                }
            });
        } finally {
            scheduleSweep();
        }
    }

    /** Where one connection is: serving requests, at rest, or receiving a head since when. */
    private static final class Watch {
        private int busy;
        private long bytesAtRest;
        private boolean headStarted;
        private long headSince;

        synchronized void requestStarted() {
            busy++;
            headStarted = false;
        }

        synchronized void requestEnded(long bytesIn) {
            busy = Math.max(0, busy - 1);
            bytesAtRest = bytesIn;
            headStarted = false;
        }

        /** Whether a head has been arriving for longer than {@code deadline}; starts its clock when first seen. */
        synchronized boolean overdue(long bytesIn, long now, long deadline) {
            if (busy > 0 || bytesIn <= bytesAtRest) {
                return false;
            }
            if (!headStarted) {
                headStarted = true;
                headSince = now;
                return false;
            }
            return NanoTime.elapsed(headSince, now) >= deadline;
        }
    }
}
