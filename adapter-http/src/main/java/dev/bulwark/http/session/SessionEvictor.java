package dev.bulwark.http.session;

import dev.bulwark.http.metrics.HttpMetrics;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends idle sessions through the {@link SessionTerminator}, on a fixed period.
 */
public final class SessionEvictor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionEvictor.class);

    private final SessionRegistry registry;
    private final SessionTerminator terminator;
    private final HttpMetrics metrics;
    private final Duration period;
    private ScheduledExecutorService scheduler;

    public SessionEvictor(
            SessionRegistry registry, SessionTerminator terminator, HttpMetrics metrics, Duration idleTimeout) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.terminator = Objects.requireNonNull(terminator, "terminator");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.period = periodFor(idleTimeout);
    }

    /** How often to look: a tenth of the idle timeout, at least 100 ms and at most 30 s. */
    static Duration periodFor(Duration idleTimeout) {
        Duration tenth = idleTimeout.dividedBy(10);
        if (tenth.compareTo(Duration.ofMillis(100)) < 0) {
            return Duration.ofMillis(100);
        }
        return tenth.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : tenth;
    }

    /** Starts looking for idle sessions. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bulwark-session-evictor");
            thread.setDaemon(true);
            return thread;
        });
        long millis = period.toMillis();
        scheduler.scheduleWithFixedDelay(this::evictIdle, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Ends every session idle for the timeout or longer, now. */
    public void evictIdle() {
        for (String id : registry.takeIdle()) {
            boolean terminated = false;
            try {
                boolean known = terminator.terminate(id);
                terminated = true;
                LOG.debug("Ended an idle MCP session (the transport {})", known ? "ended it" : "did not know it");
            } catch (Exception e) {
                LOG.warn("Could not end an idle MCP session", e);
            } finally {
                registry.ended(id);
            }
            if (terminated) {
                metrics.sessionEvicted();
            }
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
