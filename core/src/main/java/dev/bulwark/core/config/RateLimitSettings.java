package dev.bulwark.core.config;

import dev.bulwark.config.ConfigProblem;
import dev.bulwark.ports.ratelimit.RateLimit;
import java.time.Duration;

/**
 * The rate limit per principal and tool for tools without their own, and an instance's share of it while the shared
 * store fails.
 *
 * @param enabled whether rate limiting is applied at all
 * @param perMinute calls accepted in any minute ({@code RATE_LIMIT}); all may come at once
 * @param extraBurst calls accepted at once on top of {@code perMinute} (see {@link RateLimit})
 * @param localFallbackPercent the share of each limit, 1 to 100, an instance grants alone while Redis fails
 */
public record RateLimitSettings(boolean enabled, long perMinute, long extraBurst, int localFallbackPercent) {

    public static final long DEFAULT_PER_MINUTE = 100;
    public static final int DEFAULT_LOCAL_FALLBACK_PERCENT = 50;

    public RateLimitSettings {
        if (perMinute < 1) {
            throw ConfigProblem.of("rate-limit.per-minute", "must be at least 1, was " + perMinute)
                    .refusal();
        }
        if (extraBurst < 0) {
            throw ConfigProblem.of("rate-limit.extra-burst", "must be at least 0, was " + extraBurst)
                    .refusal();
        }
        if (localFallbackPercent < 1 || localFallbackPercent > 100) {
            throw ConfigProblem.of(
                            "rate-limit.local-fallback-percent",
                            "must be between 1 and 100, was " + localFallbackPercent)
                    .refusal();
        }
        // The limit's own checks (the stretched window at most a year).
        new RateLimit(perMinute, Duration.ofMinutes(1), extraBurst);
    }

    public static RateLimitSettings defaults() {
        return new RateLimitSettings(true, DEFAULT_PER_MINUTE, 0, DEFAULT_LOCAL_FALLBACK_PERCENT);
    }

    /** These settings as a limit: at most {@code perMinute} in any minute, plus the extra burst if any. */
    public RateLimit toRateLimit() {
        return RateLimit.perMinute(perMinute).withExtraBurst(extraBurst);
    }

    /** {@link #localFallbackPercent()} as a fraction in (0, 1]. */
    public double localFallbackShare() {
        return localFallbackPercent / 100.0;
    }

    /** A copy with {@code enabled} replaced. */
    public RateLimitSettings withEnabled(boolean value) {
        return new RateLimitSettings(value, perMinute, extraBurst, localFallbackPercent);
    }

    /** A copy with {@code perMinute} replaced. */
    public RateLimitSettings withPerMinute(long value) {
        return new RateLimitSettings(enabled, value, extraBurst, localFallbackPercent);
    }

    /** A copy with {@code extraBurst} replaced. */
    public RateLimitSettings withExtraBurst(long value) {
        return new RateLimitSettings(enabled, perMinute, value, localFallbackPercent);
    }

    /** A copy with {@code localFallbackPercent} replaced. */
    public RateLimitSettings withLocalFallbackPercent(int value) {
        return new RateLimitSettings(enabled, perMinute, extraBurst, value);
    }
}
