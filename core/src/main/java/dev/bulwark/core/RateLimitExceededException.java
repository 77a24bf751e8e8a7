package dev.bulwark.core;

import dev.bulwark.ports.ratelimit.RateLimit;
import java.time.Duration;
import java.util.Locale;

/** The caller exceeded its rate limit for a tool. Carries the limit and when to retry. */
public final class RateLimitExceededException extends BulwarkException {

    private static final long serialVersionUID = 1L;

    private final String tool;
    private final transient RateLimit limit;
    private final Duration retryAfter;

    public RateLimitExceededException(String tool, RateLimit limit, Duration retryAfter) {
        super("Rate limit exceeded for tool '" + tool + "' (" + limit.permits() + " calls per "
                + describe(limit.period()) + "). Retry after " + retryAfterSeconds(retryAfter) + " s.");
        this.tool = tool;
        this.limit = limit;
        this.retryAfter = retryAfter;
    }

    private static String describe(Duration period) {
        if (period.equals(Duration.ofMinutes(1))) {
            return "minute";
        }
        if (period.equals(Duration.ofSeconds(1))) {
            return "second";
        }
        return period.toMillis() + " ms";
    }

    private static String retryAfterSeconds(Duration retryAfter) {
        double seconds = Math.max(retryAfter.toMillis(), 1) / 1000.0;
        return String.format(Locale.ROOT, "%.1f", seconds);
    }

    public String tool() {
        return tool;
    }

    public RateLimit limit() {
        return limit;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public String errorType() {
        return "rate_limited";
    }
}
