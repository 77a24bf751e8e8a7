package dev.bulwark.core.internal.data.ratelimit;

import dev.bulwark.core.internal.data.logging.ThrottledWarning;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import dev.bulwark.ports.time.Ticker;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the core asks for a rate-limit decision. It asks the primary store (shared, when one is
 * configured) and, when that store fails, the local in-memory store: a broken shared store degrades the limit to
 * per-instance, never to "unlimited". The fallback is logged at most once every 10 s, with the count in between. When primary and fallback are the same store there is no fallback to take.
 * Thread-safe if the stores are.
 */
public final class RateLimitGateway {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitGateway.class);

    private final RateLimitStore primary;
    private final RateLimitStore localFallback;
    private final ThrottledWarning fellBack;

    public RateLimitGateway(RateLimitStore primary, RateLimitStore localFallback) {
        this(primary, localFallback, Ticker.system());
    }

    /** A gateway whose fallback warning is throttled on {@code ticker} (at most one every 10 s). */
    public RateLimitGateway(RateLimitStore primary, RateLimitStore localFallback, Ticker ticker) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.localFallback = Objects.requireNonNull(localFallback, "localFallback");
        this.fellBack = new ThrottledWarning(LOG, "Rate-limit store failed, deciding with the local limiter: {}",
                ticker, ThrottledWarning.DEFAULT_INTERVAL);
    }

    /** A gateway over one local store, with nothing to fall back to. */
    public static RateLimitGateway local(RateLimitStore store) {
        return new RateLimitGateway(store, store);
    }

    public RateLimitDecision decide(String key, RateLimit limit) {
        try {
            return primary.tryAcquire(key, limit);
        } catch (RuntimeException e) {
            if (primary == localFallback) {
                throw e;
            }
            fellBack.warn(e);
            return localFallback.tryAcquire(key, limit);
        }
    }
}
