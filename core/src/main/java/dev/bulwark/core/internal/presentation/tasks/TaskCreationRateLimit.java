package dev.bulwark.core.internal.presentation.tasks;

import dev.bulwark.core.RateLimitExceededException;
import dev.bulwark.core.Tool;
import dev.bulwark.core.config.RateLimitSettings;
import dev.bulwark.core.internal.business.ratelimit.ToolRateLimiter;
import dev.bulwark.core.internal.presentation.pipeline.ErrorMappingInterceptor;
import dev.bulwark.core.internal.presentation.pipeline.RequestIds;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.ratelimit.RateLimit;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tool's rate limit applied when its task is created: the same (caller, tool) budget the pipeline takes a call
 * from, and a refusal shaped as the pipeline answers a rate-limited call ({@code isError}, error type
 * {@code rate_limited}, when to retry). Thread-safe.
 */
public final class TaskCreationRateLimit implements TaskAdmission {

    private final ToolRateLimiter limiter;
    private final RateLimitSettings settings;

    public TaskCreationRateLimit(ToolRateLimiter limiter, RateLimitSettings settings) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Optional<CallToolResult> refusal(Tool<?, ?> tool, RequestOrigin origin, Map<String, Object> meta) {
        if (!settings.enabled() || !tool.rateLimited() || origin.caller().isEmpty()) {
            return Optional.empty();
        }
        RateLimit limit = tool.rateLimit().orElse(settings.toRateLimit());
        try {
            limiter.acquire(origin.caller().get(), tool.name(), limit);
            return Optional.empty();
        } catch (RateLimitExceededException refused) {
            String requestId = RequestIds.choose(meta, origin.clientRequestId().orElse(null));
            return Optional.of(ErrorMappingInterceptor.toResult(tool.name(), requestId, refused));
        }
    }
}
