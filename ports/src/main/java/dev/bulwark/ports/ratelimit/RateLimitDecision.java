package dev.bulwark.ports.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer of a {@link RateLimitStore} for one call. Immutable.
 *
 * @param allowed whether the call may proceed
 * @param remaining calls the window still accepts after this decision, if no time passed
 * @param retryAfter zero when allowed; otherwise the time until the window accepts a call again (when no other call
 *     is accepted meanwhile)
 */
public record RateLimitDecision(boolean allowed, long remaining, Duration retryAfter) {

    public RateLimitDecision {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (remaining < 0) {
            throw new IllegalArgumentException("remaining must not be negative, was " + remaining);
        }
    }

    public static RateLimitDecision allow(long remaining) {
        return new RateLimitDecision(true, remaining, Duration.ZERO);
    }

    public static RateLimitDecision reject(Duration retryAfter) {
        return new RateLimitDecision(false, 0, retryAfter);
    }
}
