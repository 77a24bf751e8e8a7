package dev.bulwark.http.ops;

import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * A WARN line any client can cause at will, written at most once per interval. Thread-safe.
 */
public final class ThrottledLog {

    private final Logger logger;
    private final String message;
    private final long intervalNanos;
    private final Ticker ticker;
    private final AtomicLong nextAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    /**
     * @param logger where the line goes
     * @param message the line's fixed text
     * @param interval at most one line per this
     */
    public ThrottledLog(Logger logger, String message, Duration interval) {
        this(logger, message, interval, Ticker.system());
    }

    /**
     * @param logger where the line goes
     * @param message the line's fixed text
     * @param interval at most one line per this
     * @param ticker what the interval is measured with
     */
    public ThrottledLog(Logger logger, String message, Duration interval, Ticker ticker) {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.message = Objects.requireNonNull(message, "message");
        this.intervalNanos = interval.toNanos();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /**
     * Writes the line now, with these key-values ({@code key, value, key, value, ...}), unless one was written less
     * than an interval ago: then it only counts it.
     */
    public void warn(Object... keyValues) {
        long now = ticker.nanoTime();
        long next = nextAt.get();
        if ((next != Long.MIN_VALUE && now - next < 0) || !nextAt.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        LoggingEventBuilder line = logger.atWarn();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line = line.addKeyValue(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        line.addKeyValue("suppressed", suppressed.getAndSet(0)).log(message);
    }
}
