package dev.bulwark.core.internal.presentation.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.business.caching.CacheKeys;
import dev.bulwark.core.internal.business.caching.ResultCache;
import dev.bulwark.core.internal.business.ratelimit.ToolRateLimiter;
import dev.bulwark.core.internal.business.validation.SchemaValidator;
import dev.bulwark.ports.audit.AuditLog;
import dev.bulwark.ports.time.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/** Assembles the {@link ToolPipeline} in its standard order (see there) from the server configuration. */
public final class StandardPipeline {

    private StandardPipeline() {}

    /** The standard pipeline, tracing nothing. */
    public static ToolPipeline create(
            BulwarkConfig config,
            ToolRateLimiter rateLimiter,
            ResultCache cache,
            CacheKeys cacheKeys,
            ObjectMapper mapper,
            MeterRegistry registry,
            Ticker ticker,
            ExecutorService executor) {
        return create(
                config,
                rateLimiter,
                cache,
                cacheKeys,
                mapper,
                registry,
                ticker,
                executor,
                OpenTelemetry.noop().getTracer("dev.bulwark.core"));
    }

    /**
     * The standard pipeline, with the tool call's span outermost ({@link TracingInterceptor}) and the rate-limit
     * decision and validation as its child spans.
     *
     * @param config limits, cache, rate-limit and audit-log settings
     * @param rateLimiter the per-(principal, tool) rate limiter
     * @param cache the response cache
     * @param cacheKeys the cache key builder
     * @param mapper the JSON mapper
     * @param registry where metrics go
     * @param ticker the monotonic clock for durations
     * @param executor where handlers run
     * @param tracer where the call's spans go
     */
    public static ToolPipeline create(
            BulwarkConfig config,
            ToolRateLimiter rateLimiter,
            ResultCache cache,
            CacheKeys cacheKeys,
            ObjectMapper mapper,
            MeterRegistry registry,
            Ticker ticker,
            ExecutorService executor,
            Tracer tracer) {
        return create(
                config,
                rateLimiter,
                cache,
                cacheKeys,
                mapper,
                registry,
                ticker,
                executor,
                tracer,
                Slf4jAuditLog.INSTANCE,
                Clock.systemUTC());
    }

    /**
     * The standard pipeline, as {@link #create(BulwarkConfig, ToolRateLimiter, ResultCache, CacheKeys, ObjectMapper,
     * MeterRegistry, Ticker, ExecutorService, Tracer)}, writing each call's audit record to {@code auditLog}.
     *
     * @param auditLog where each call's audit record goes
     * @param clock when each call ended, for its audit record
     */
    public static ToolPipeline create(
            BulwarkConfig config,
            ToolRateLimiter rateLimiter,
            ResultCache cache,
            CacheKeys cacheKeys,
            ObjectMapper mapper,
            MeterRegistry registry,
            Ticker ticker,
            ExecutorService executor,
            Tracer tracer,
            AuditLog auditLog,
            Clock clock) {
        List<ToolInterceptor> interceptors = new ArrayList<>();
        interceptors.add(new TracingInterceptor(tracer));
        interceptors.add(new RequestContextInterceptor());
        interceptors.add(new ErrorMappingInterceptor());
        interceptors.add(new CallLogInterceptor(ticker));
        interceptors.add(new AuditInterceptor(
                auditLog, clock, ticker, mapper, config.logging().auditArguments()));
        interceptors.add(new MetricsInterceptor(registry, ticker));
        interceptors.add(new AuthorizationInterceptor());
        if (config.rateLimit().enabled()) {
            interceptors.add(new RateLimitInterceptor(
                    rateLimiter,
                    config.rateLimit().toRateLimit(),
                    cacheKeys,
                    config.cache().enabled(),
                    tracer));
        }
        interceptors.add(new ValidationInterceptor(new SchemaValidator(mapper), mapper, tracer));
        interceptors.add(new CachingInterceptor(
                cache,
                cacheKeys,
                mapper,
                config.cache().defaultTtl(),
                config.cache().enabled(),
                executor));
        interceptors.add(new ResilienceInterceptor(
                executor,
                config.limits().toolTimeout(),
                config.limits().maxConcurrentCalls(),
                config.limits().maxConcurrentCallsPerTool()));
        return new ToolPipeline(
                interceptors,
                new HandlerInvoker(mapper, ResultSizeLimit.of(config.limits().maxResultBytes(), mapper)));
    }
}
