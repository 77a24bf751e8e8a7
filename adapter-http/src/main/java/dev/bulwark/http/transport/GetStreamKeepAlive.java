package dev.bulwark.http.transport;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an SSE comment on every session's open GET stream at a fixed interval, so that an idle stream outlives the
 * connection's idle timeout, which the round also checks in Jetty's place ({@link SseConnection#idleCheckedByKeepAlive}).
 * Nothing is kept, awaited or logged per session. Thread-safe.
 */
final class GetStreamKeepAlive implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GetStreamKeepAlive.class);

    private final Supplier<? extends Collection<StreamableSession>> sessions;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bulwark-stream-keepalive");
        thread.setDaemon(true);
        return thread;
    });

    /** Starts writing to the GET streams of {@code sessions} (read again at each round) every {@code interval}. */
    GetStreamKeepAlive(Duration interval, Supplier<? extends Collection<StreamableSession>> sessions) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the keep-alive interval must be positive, was " + interval);
        }
        this.sessions = sessions;
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(this::round, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * One comment on each open GET stream; a stream whose client is gone, or whose connection was idle for its
     * timeout, just loses its connection.
     */
    void round() {
        for (StreamableSession session : sessions.get()) {
            SseStream listening = session.listening();
            if (listening == null) {
                continue;
            }
            try {
                listening.probe();
            } catch (RuntimeException e) { // one stream's failure must not stop the others' keep-alives
                LOG.debug("A keep-alive comment could not be written: {}", e.toString());
            }
        }
    }

    /** Stops the rounds; idempotent. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
