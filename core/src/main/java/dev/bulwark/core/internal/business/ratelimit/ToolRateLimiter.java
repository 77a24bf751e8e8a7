package dev.bulwark.core.internal.business.ratelimit;

import dev.bulwark.core.internal.data.ratelimit.RateLimitGateway;
import dev.bulwark.core.RateLimitExceededException;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.security.Principal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Applies a token-bucket limit per (principal, tool): each principal has its own budget for each tool. Rejections
 * are counted in {@code mcp_rate_limited_total{tool}}. Thread-safe.
 */
public final class ToolRateLimiter {

    private final RateLimitGateway gateway;
    private final MeterRegistry registry;

    public ToolRateLimiter(RateLimitGateway gateway, MeterRegistry registry) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Takes one call from the budget.
     *
     * @throws RateLimitExceededException when the budget is spent; it says when to retry
     */
    public void acquire(Principal principal, String tool, RateLimit limit) {
        RateLimitDecision decision = gateway.decide(bucketKey(principal, tool), limit);
        if (!decision.allowed()) {
            Counter.builder("mcp.rate.limited")
                    .description("Tool calls rejected by the rate limiter")
                    .tag("tool", tool)
                    .register(registry)
                    .increment();
            throw new RateLimitExceededException(tool, limit, decision.retryAfter());
        }
    }

    static String bucketKey(Principal principal, String tool) {
        return "rl:" + tool + ":" + principal.subject();
    }
}
