package dev.bulwark.ports.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * A token-bucket limit: {@code permits} tokens are refilled evenly over every {@code period}, and at most
 * {@code burst} tokens can be saved up. {@code RateLimit.perMinute(60)} allows one call a second on average and
 * a burst of 60. Immutable and thread-safe.
 *
 * @param permits tokens added per period, at least 1
 * @param period the refill period, positive
 * @param burst the bucket capacity, at least 1
 */
public record RateLimit(long permits, Duration period, long burst) {

    /** The longest period accepted: longer ones would overflow the nanosecond arithmetic of the stores. */
    public static final Duration MAX_PERIOD = Duration.ofDays(365);

    public RateLimit {
        Objects.requireNonNull(period, "period");
        if (permits < 1) {
            throw new IllegalArgumentException("rate limit permits must be at least 1, was " + permits);
        }
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("rate limit period must be positive, was " + period);
        }
        if (period.compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("rate limit period must be at most 365 days, was " + period);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("rate limit burst must be at least 1, was " + burst);
        }
    }

    /** {@code permits} calls per minute, with a burst of the same size. */
    public static RateLimit perMinute(long permits) {
        return new RateLimit(permits, Duration.ofMinutes(1), permits);
    }

    /** {@code permits} calls per second, with a burst of the same size. */
    public static RateLimit perSecond(long permits) {
        return new RateLimit(permits, Duration.ofSeconds(1), permits);
    }

    /** This limit with a different burst capacity. */
    public RateLimit withBurst(long newBurst) {
        return new RateLimit(permits, period, newBurst);
    }

    /** Nanoseconds it takes to refill one token. */
    public double nanosPerPermit() {
        return (double) period.toNanos() / permits;
    }
}
