package dev.bulwark.core.internal.data.logging;

import dev.bulwark.ports.logging.FailureText;
import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs one kind of dependency failure at WARN at most once per interval, with the count kept quiet. Thread-safe.
 */
public final class ThrottledWarning {

    /** The interval used when none is given. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final Logger logger;
    private final String message;
    private final Ticker ticker;
    private final long intervalNanos;
    private final AtomicLong nextAllowedAt;
    private final AtomicLong suppressed = new AtomicLong();

    /**
     * @param logger where the warnings go
     * @param message the warning, an SLF4J pattern with one {@code {}} for the failure's short description
     * @param ticker the monotonic clock
     * @param interval the shortest time between two warnings
     */
    public ThrottledWarning(Logger logger, String message, Ticker ticker, Duration interval) {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.message = Objects.requireNonNull(message, "message");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.intervalNanos = Objects.requireNonNull(interval, "interval").toNanos();
        this.nextAllowedAt = new AtomicLong(ticker.nanoTime());
    }

    /** Records one occurrence; writes a warning if the last one is at least an interval old. */
    public void warn(Throwable failure) {
        long now = ticker.nanoTime();
        long allowedAt = nextAllowedAt.get();
        if (now - allowedAt >= 0 && nextAllowedAt.compareAndSet(allowedAt, now + intervalNanos)) {
            long quiet = suppressed.getAndSet(0);
            if (quiet == 0) {
                logger.warn(message, FailureText.of(failure));
            } else {
                logger.warn(message + " ({} more since the last warning)", FailureText.of(failure), quiet);
            }
        } else {
            suppressed.incrementAndGet();
        }
    }
}
