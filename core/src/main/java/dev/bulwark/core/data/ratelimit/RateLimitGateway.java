package dev.bulwark.core.data.ratelimit;

import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the core asks for a rate-limit decision. It asks the primary store (shared, when one is
 * configured) and, when that store fails, the local in-memory store: a broken shared store degrades the limit to
 * per-instance, never to "unlimited". When primary and fallback are the same store there is no fallback to take.
 * Thread-safe if the stores are.
 */
public final class RateLimitGateway {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitGateway.class);

    private final RateLimitStore primary;
    private final RateLimitStore localFallback;

    public RateLimitGateway(RateLimitStore primary, RateLimitStore localFallback) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.localFallback = Objects.requireNonNull(localFallback, "localFallback");
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
            LOG.warn("Rate-limit store failed, deciding with the local limiter: {}", e.toString());
            return localFallback.tryAcquire(key, limit);
        }
    }
}
