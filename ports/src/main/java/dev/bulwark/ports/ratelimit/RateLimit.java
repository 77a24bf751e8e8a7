package dev.bulwark.ports.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * A rate limit that means what it says: {@code perMinute(100)} accepts at most 100 calls in any minute, all of
 * which may come at once. Immutable.
 *
 * @param permits calls accepted per period, at least 1
 * @param period the length of the window, positive and at most {@link #MAX_PERIOD}
 * @param extraBurst calls accepted at once on top of {@code permits}, at least 0; the window grows to keep the
 *     average at {@code permits} per {@code period}
 */
public record RateLimit(long permits, Duration period, long extraBurst) {

    /** The longest period accepted: longer ones would overflow the nanosecond arithmetic of the stores. */
    public static final Duration MAX_PERIOD = Duration.ofDays(365);

    /**
     * How many slots a window is counted in. A call counts for the slot it fell in and the {@code WINDOW_SLOTS}
     * slots after it: so for between one window and one window plus one slot.
     */
    public static final int WINDOW_SLOTS = 10;

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
        if (extraBurst < 0) {
            throw new IllegalArgumentException("rate limit extra burst must be at least 0, was " + extraBurst);
        }
        if (extraBurst > Long.MAX_VALUE - permits
                || (double) period.toNanos() * ((double) (permits + extraBurst) / permits) > MAX_PERIOD.toNanos()) {
            throw new IllegalArgumentException("rate limit window (period x (permits + extra burst) / permits)"
                    + " must be at most 365 days, was " + period + " x " + (permits + extraBurst) + " / " + permits);
        }
    }

    /** At most {@code permits} calls in any minute, all of which may come at once; no extra burst. */
    public static RateLimit perMinute(long permits) {
        return new RateLimit(permits, Duration.ofMinutes(1), 0);
    }

    /** At most {@code permits} calls in any second, all of which may come at once; no extra burst. */
    public static RateLimit perSecond(long permits) {
        return new RateLimit(permits, Duration.ofSeconds(1), 0);
    }

    /**
     * This limit with {@code extra} calls allowed at once on top of {@code permits}, the window stretched to keep the
     * average: {@code perMinute(100).withExtraBurst(20)} accepts 120 at once, then the next call once 72 s have
     * passed.
     */
    public RateLimit withExtraBurst(long extra) {
        return new RateLimit(permits, period, extra);
    }

    /** The most calls a window holds: {@code permits + extraBurst}. */
    public long capacity() {
        return permits + extraBurst;
    }

    /** The window's length in nanoseconds: the period, stretched by {@code capacity / permits}; at least 1. */
    public long windowNanos() {
        if (extraBurst == 0) {
            return period.toNanos();
        }
        return Math.max(1, (long) Math.ceil((double) period.toNanos() * ((double) capacity() / permits)));
    }

    /** The length of one of the window's {@link #WINDOW_SLOTS} slots in nanoseconds, rounded up; at least 1. */
    public long slotNanos() {
        long window = windowNanos();
        return Math.max(1, window / WINDOW_SLOTS + (window % WINDOW_SLOTS == 0 ? 0 : 1));
    }

    /**
     * This limit's share for one instance deciding alone (when the shared store fails): {@code fraction} of the
     * permits, at least 1, and of the extra burst, both rounded down, over the same period.
     *
     * @param fraction greater than 0, at most 1
     */
    public RateLimit share(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1], was " + fraction);
        }
        if (fraction == 1) {
            return this;
        }
        return new RateLimit(
                Math.max(1, (long) Math.floor(permits * fraction)), period, (long) Math.floor(extraBurst * fraction));
    }
}
