package dev.bulwark.ports.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer of a {@link RateLimitStore} for one call: allowed or not, how many tokens remain, and when a
 * rejected caller may retry. Immutable.
 *
 * @param allowed whether the call may proceed
 * @param remaining whole tokens left in the bucket after this decision
 * @param retryAfter zero when allowed; otherwise the time until one token is available
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
