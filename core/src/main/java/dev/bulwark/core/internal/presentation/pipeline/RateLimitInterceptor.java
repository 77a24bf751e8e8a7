package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.internal.business.caching.CacheKeys;
import dev.bulwark.core.internal.business.caching.Prefetched;
import dev.bulwark.core.internal.business.ratelimit.ToolRateLimiter;
import dev.bulwark.ports.ratelimit.RateLimit;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Takes one call from the (principal, tool) budget, and for a cached tool may read its entry in the same trip. A call
 * charged already (the run of a task, charged when the task was created) is not charged again. Thread-safe.
 */
final class RateLimitInterceptor implements ToolInterceptor {

    /** The name of the decision's span. */
    public static final String SPAN_NAME = "bulwark.rate_limit";

    private final ToolRateLimiter limiter;
    private final RateLimit defaultLimit;
    private final CacheKeys cacheKeys;
    private final boolean readCacheAlong;

    /**
     * Where each decision's span goes; null when tracing is off (the no-op tracer), whose span would record nothing
     * yet cost a span and a context switch on every call.
     */
    private final Tracer tracer;

    /** An interceptor that never reads the cache along. */
    public RateLimitInterceptor(ToolRateLimiter limiter, RateLimit defaultLimit) {
        this(limiter, defaultLimit, null, false);
    }

    /**
     * @param cacheKeys the cache key builder the caching step uses; may be {@code null} when {@code cacheEnabled} is
     *     false
     * @param cacheEnabled whether results are cached at all
     */
    public RateLimitInterceptor(
            ToolRateLimiter limiter, RateLimit defaultLimit, CacheKeys cacheKeys, boolean cacheEnabled) {
        this(
                limiter,
                defaultLimit,
                cacheKeys,
                cacheEnabled,
                OpenTelemetry.noop().getTracer("dev.bulwark.core"));
    }

    /** As above, with each decision a span of {@code tracer}. */
    public RateLimitInterceptor(
            ToolRateLimiter limiter, RateLimit defaultLimit, CacheKeys cacheKeys, boolean cacheEnabled, Tracer tracer) {
        this.tracer = TracingInterceptor.isNoop(Objects.requireNonNull(tracer, "tracer")) ? null : tracer;
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.defaultLimit = Objects.requireNonNull(defaultLimit, "defaultLimit");
        this.cacheKeys = cacheKeys;
        this.readCacheAlong = cacheEnabled && cacheKeys != null && limiter.readsAlong();
    }

    @Override
    public CompletableFuture<CallToolResult> intercept(ToolInvocation invocation, ToolCallChain next) {
        if (!invocation.tool().rateLimited() || invocation.rateLimitCharged() || invocation.followUp()) {
            return next.proceed(invocation);
        }
        if (tracer == null) {
            return next.proceed(decide(invocation));
        }
        Span span = tracer.spanBuilder(SPAN_NAME).startSpan();
        ToolInvocation decided;
        try (Scope ignored = span.makeCurrent()) {
            decided = decide(invocation);
        } catch (RuntimeException | Error e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
        return next.proceed(decided);
    }

    /** Takes the call from its budget (or throws the rejection); the invocation with its cache entry if read. */
    private ToolInvocation decide(ToolInvocation invocation) {
        RateLimit limit = invocation.tool().rateLimit().orElse(defaultLimit);
        Optional<CachePolicy> policy = readCacheAlong ? invocation.tool().cachePolicy() : Optional.empty();
        if (policy.isEmpty()) {
            limiter.acquire(invocation.context().principal(), invocation.toolName(), limit);
            return invocation;
        }
        String key;
        try {
            key = cacheKeys.keyFor(
                    invocation.toolName(),
                    invocation.tool().schemaVersion(),
                    invocation.arguments(),
                    policy.get(),
                    invocation.context().principal());
        } catch (RuntimeException e) {
            // Arguments the key cannot be made of (validation, next, says what is wrong with them): decide alone.
            limiter.acquire(invocation.context().principal(), invocation.toolName(), limit);
            return invocation;
        }
        Optional<Prefetched> read =
                limiter.acquireAndRead(invocation.context().principal(), invocation.toolName(), limit, key);
        return read.isPresent() ? invocation.withPrefetched(read.get()) : invocation;
    }
}
