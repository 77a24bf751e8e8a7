package dev.bulwark.core.config;

import dev.bulwark.ports.ratelimit.RateLimit;

/**
 * The rate limit applied per principal and tool to every tool that does not declare its own.
 *
 * @param enabled whether rate limiting is applied at all
 * @param perMinute calls per minute ({@code RATE_LIMIT})
 * @param burst how many calls may arrive at once
 */
public record RateLimitSettings(boolean enabled, long perMinute, long burst) {

    public static final long DEFAULT_PER_MINUTE = 100;

    public RateLimitSettings {
        if (perMinute < 1) {
            throw new IllegalArgumentException("rate-limit.per-minute must be at least 1, was " + perMinute);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("rate-limit.burst must be at least 1, was " + burst);
        }
    }

    public static RateLimitSettings defaults() {
        return new RateLimitSettings(true, DEFAULT_PER_MINUTE, DEFAULT_PER_MINUTE);
    }

    /** These settings as a token-bucket limit. */
    public RateLimit toRateLimit() {
        return RateLimit.perMinute(perMinute).withBurst(burst);
    }

    /** A copy with {@code enabled} replaced. */
    public RateLimitSettings withEnabled(boolean value) {
        return new RateLimitSettings(value, perMinute, burst);
    }

    /** A copy with {@code perMinute} replaced. */
    public RateLimitSettings withPerMinute(long value) {
        return new RateLimitSettings(enabled, value, burst);
    }

    /** A copy with {@code burst} replaced. */
    public RateLimitSettings withBurst(long value) {
        return new RateLimitSettings(enabled, perMinute, value);
    }
}
