package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.core.internal.business.ratelimit.ToolRateLimiter;
import dev.bulwark.ports.ratelimit.RateLimit;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Objects;

/**
 * Takes one call from the (principal, tool) budget: the tool's own limit, or the server default. A rejection ends
 * the call with a message saying when to retry.
 */
public final class RateLimitInterceptor implements ToolInterceptor {

    private final ToolRateLimiter limiter;
    private final RateLimit defaultLimit;

    public RateLimitInterceptor(ToolRateLimiter limiter, RateLimit defaultLimit) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.defaultLimit = Objects.requireNonNull(defaultLimit, "defaultLimit");
    }

    @Override
    public CallToolResult intercept(ToolInvocation invocation, ToolCallChain next) {
        RateLimit limit = invocation.tool().rateLimit().orElse(defaultLimit);
        limiter.acquire(invocation.context().principal(), invocation.toolName(), limit);
        return next.proceed(invocation);
    }
}
