package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.time.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Records every tool call in Micrometer, and every call of an extension's method under that method. Thread-safe.
 */
final class MetricsInterceptor implements ToolInterceptor {

    static final String METHOD = ToolInvocation.TOOLS_CALL;

    private final MeterRegistry registry;
    private final Ticker ticker;
    /** Bucket bounds of {@code mcp.request.duration} kept by every registry, from 1 ms to 10 s. */
    static final Duration[] LATENCY_BOUNDS = Stream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
            .map(Duration::ofMillis)
            .toArray(Duration[]::new);

    /** Shared by every server on the registry ({@link InflightRequests}). */
    private final AtomicInteger inflight;

    private final Timer requestDuration;
    /** The {@code mcp.request.duration} of each extension method seen so far. */
    private final Map<String, Timer> durationByMethod = new ConcurrentHashMap<>();
    /**
     * The meters of each tool, then error type, seen so far, so a call looks its meters up once, not per meter, and
     * without building a key: the tool name is the tool's own string and the error type almost always an
     * {@link ErrorTypes} constant, so their hash codes are computed once.
     */
    private final Map<String, Map<String, CallMeters>> metersByOutcome = new ConcurrentHashMap<>();
    /** The same for calls of the 2026 era, whose {@code mcp.tool.calls} carry its {@code protocol_era}. */
    private final Map<String, Map<String, CallMeters>> era2026MetersByOutcome = new ConcurrentHashMap<>();

    public MetricsInterceptor(MeterRegistry registry, Ticker ticker) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.inflight = InflightRequests.of(registry);
        this.requestDuration = requestDuration(registry, METHOD);
        // At zero for every known type, so dashboards have the series before the first failure.
        for (String errorType : ErrorTypes.KNOWN) {
            errorCounter(registry, errorType);
        }
    }

    /** The {@code mcp.request.duration} timer of {@code method}. */
    private static Timer requestDuration(MeterRegistry registry, String method) {
        return Timer.builder("mcp.request.duration")
                .description("Duration of MCP requests")
                .tag("method", method)
                // Buckets, not client-side percentiles (a synchronized HdrHistogram per call): the fine Prometheus
                // buckets where the registry supports them, and these bounds in every registry, so get_metrics can
                // estimate p50/p95/p99 anywhere (MetricsReportService).
                .publishPercentileHistogram()
                .serviceLevelObjectives(LATENCY_BOUNDS)
                .register(registry);
    }

    /** The {@code mcp.errors} counter of {@code errorType} (registering it returns the one already registered). */
    static Counter errorCounter(MeterRegistry registry, String errorType) {
        return Counter.builder("mcp.errors")
                .description("Failed MCP requests by error type")
                .tag("error_type", errorType)
                .register(registry);
    }

    @Override
    public CompletableFuture<CallToolResult> intercept(ToolInvocation invocation, ToolCallChain next) {
        long start = ticker.nanoTime();
        inflight.incrementAndGet();
        return CallOutcomes.proceed(next, invocation).whenComplete((result, failure) -> {
            inflight.decrementAndGet();
            String errorType = failure == null ? ErrorTypes.of(result) : ErrorTypes.of(CallOutcomes.causeOf(failure));
            record(
                    invocation.method(),
                    invocation.toolName(),
                    invocation.protocolEra(),
                    errorType,
                    ticker.nanoTime() - start);
        });
    }

    /** Records a call of {@code tool}, answering {@code method}: a tool's name stays with one method. */
    private void record(String method, String tool, ProtocolEra era, String errorType, long nanos) {
        Timer duration = METHOD.equals(method)
                ? requestDuration
                : durationByMethod.computeIfAbsent(method, key -> requestDuration(registry, key));
        duration.record(nanos, TimeUnit.NANOSECONDS);
        Map<String, Map<String, CallMeters>> byTool =
                era == ProtocolEra.SESSIONS_2025_11_25 ? metersByOutcome : era2026MetersByOutcome;
        Map<String, CallMeters> byErrorType = byTool.get(tool);
        if (byErrorType == null) {
            byErrorType = byTool.computeIfAbsent(tool, key -> new ConcurrentHashMap<>());
        }
        CallMeters meters = byErrorType.get(errorType);
        if (meters == null) {
            meters = byErrorType.computeIfAbsent(
                    errorType, key -> CallMeters.register(registry, method, tool, era.version(), errorType));
        }
        meters.record(nanos);
    }

    /** The meters one (tool, error type) outcome increments; registered once, on its first call. */
    private record CallMeters(Counter requests, Counter toolCalls, Counter errors, Timer operation) {

        static CallMeters register(MeterRegistry registry, String method, String tool, String era, String errorType) {
            String outcome = ErrorTypes.outcomeOf(errorType);
            boolean counted = ErrorTypes.isFailure(errorType);
            return new CallMeters(
                    Counter.builder("mcp.requests")
                            .description("MCP requests by method and status")
                            .tags("method", method, "status", "success".equals(outcome) ? "ok" : outcome)
                            .register(registry),
                    Counter.builder("mcp.tool.calls")
                            .description("Tool calls by tool, outcome and protocol era")
                            .tags("tool", tool, "outcome", outcome, "protocol_era", era)
                            .register(registry),
                    !counted ? null : errorCounter(registry, errorType),
                    Timer.builder("mcp.server.operation.duration")
                            .description("MCP server operation duration (OpenTelemetry MCP semantic conventions)")
                            // error.type is "none" on success: a Prometheus series needs a fixed label set.
                            .tags("mcp.method.name", method, "gen_ai.tool.name", tool, "error.type", errorType)
                            .publishPercentileHistogram()
                            .register(registry));
        }

        void record(long nanos) {
            requests.increment();
            toolCalls.increment();
            if (errors != null) {
                errors.increment();
            }
            operation.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
