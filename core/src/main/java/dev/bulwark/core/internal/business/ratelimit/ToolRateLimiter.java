package dev.bulwark.core.internal.business.ratelimit;

import dev.bulwark.core.RateLimitExceededException;
import dev.bulwark.core.internal.business.caching.Prefetched;
import dev.bulwark.core.internal.data.ratelimit.RateLimitGateway;
import dev.bulwark.core.internal.data.ratelimit.RateLimitGateway.DecisionWithRead;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.security.Principal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies a rate limit per (principal, tool) and counts the rejections. Thread-safe.
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
        DecisionWithRead decided = gateway.decideApplying(bucketKey(principal, tool), limit);
        check(tool, decided.applied(), decided.decision());
    }

    /** Whether {@link #acquireAndRead} reads the cache in the same trip as the decision. */
    public boolean readsAlong() {
        return gateway.readsAlong();
    }

    /**
     * Takes one call from the budget and reads the cache entry {@code cacheKey} in the same trip to the store.
     *
     * @return the entry as the store held it, for the caching step; empty when it was not read (the store could
     *     not, or failed: the decision was then the local limiter's)
     * @throws RateLimitExceededException when the budget is spent; it says when to retry
     */
    public Optional<Prefetched> acquireAndRead(Principal principal, String tool, RateLimit limit, String cacheKey) {
        DecisionWithRead both = gateway.decideAndRead(bucketKey(principal, tool), limit, cacheKey);
        check(tool, both.applied(), both.decision());
        return both.read().map(text -> new Prefetched(cacheKey, text));
    }

    /**
     * Registers {@code mcp_rate_limited_total{tool}} at zero for each of {@code tools}, so a fresh server's
     * dashboards show the series before the first rejection.
     */
    public void registerCounters(Collection<String> tools) {
        tools.forEach(this::rejections);
    }

    private Counter rejections(String tool) {
        return Counter.builder("mcp.rate.limited")
                .description("Tool calls rejected by the rate limiter")
                .tag("tool", tool)
                .register(registry);
    }

    private void check(String tool, RateLimit limit, RateLimitDecision decision) {
        if (!decision.allowed()) {
            rejections(tool).increment();
            throw new RateLimitExceededException(tool, limit, decision.retryAfter());
        }
    }

    static String bucketKey(Principal principal, String tool) {
        return "rl:" + tool + ":" + principal.subject();
    }
}
