package dev.bulwark.tools.business.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The server's metrics at one instant, read from its Micrometer registry. Immutable.
 *
 * @param uptime how long the server has been up
 * @param toolCalls tool calls and their errors
 * @param latency tool call latency
 * @param cache response cache lookups
 * @param rateLimited tool calls refused by the rate limiter
 * @param inflightRequests tool calls running now, or {@code null} when not measured
 * @param jvm memory, CPU, threads and garbage collection of this JVM
 */
public record MetricsReport(
        Duration uptime,
        ToolCalls toolCalls,
        Latency latency,
        CacheLookups cache,
        long rateLimited,
        Integer inflightRequests,
        Jvm jvm) {

    public MetricsReport {
        Objects.requireNonNull(uptime, "uptime");
        Objects.requireNonNull(toolCalls, "toolCalls");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(jvm, "jvm");
    }

    /**
     * Tool calls since the server started, from {@code mcp.tool.calls{tool,outcome}} and
     * {@code mcp.errors{error_type}}. Immutable.
     *
     * @param total every tool call
     * @param errors calls that ended in an error
     * @param errorRate {@code errors / total}, between 0 and 1; 0 when there were no calls
     * @param byTool the counts of each tool that was called, by tool name
     * @param byErrorType the errors by error type (for example {@code rate_limited}), by type name
     */
    public record ToolCalls(
            long total, long errors, double errorRate, List<ToolCount> byTool, List<ErrorTypeCount> byErrorType) {

        public ToolCalls {
            byTool = List.copyOf(byTool);
            byErrorType = List.copyOf(byErrorType);
        }
    }

    /**
     * One tool's calls. Immutable.
     *
     * @param tool the tool name
     * @param calls every call of it
     * @param errors its calls that ended in an error
     */
    public record ToolCount(String tool, long calls, long errors) {

        public ToolCount {
            Objects.requireNonNull(tool, "tool");
        }
    }

    /**
     * Errors of one type. Immutable.
     *
     * @param errorType the error type label
     * @param count how many
     */
    public record ErrorTypeCount(String errorType, long count) {

        public ErrorTypeCount {
            Objects.requireNonNull(errorType, "errorType");
        }
    }

    /**
     * Tool call latency, from the timer {@code mcp.request.duration{method="tools/call"}}. The count and mean cover
     * the server's life; the percentiles are estimated from the timer's histogram buckets (with the Prometheus
     * registry: the server's life, to within a bucket's width), and the maximum covers Micrometer's recent window
     * (about two minutes). Every value is {@code null} when the timer is not registered or nothing was recorded
     * yet; a percentile is {@code null} when the timer keeps no histogram. Immutable.
     *
     * @param count calls measured
     * @param meanMs the mean, in milliseconds
     * @param p50Ms the median, in milliseconds
     * @param p95Ms the 95th percentile, in milliseconds
     * @param p99Ms the 99th percentile, in milliseconds
     * @param maxMs the longest call in the recent window, in milliseconds
     */
    public record Latency(long count, Double meanMs, Double p50Ms, Double p95Ms, Double p99Ms, Double maxMs) {

        /** No latency measured. */
        public static Latency none() {
            return new Latency(0, null, null, null, null, null);
        }
    }

    /**
     * Response cache lookups, from {@code mcp.cache.requests{result}}. Immutable.
     *
     * @param hits lookups served from the cache
     * @param misses lookups that found nothing
     * @param errors lookups or writes that failed (served as misses)
     * @param hitRate {@code hits / (hits + misses)}, between 0 and 1; {@code null} before the first lookup
     */
    public record CacheLookups(long hits, long misses, long errors, Double hitRate) {}

    /**
     * This JVM's resources, from Micrometer's JVM and process binders ({@code JvmMemoryMetrics},
     * {@code ProcessorMetrics}, {@code JvmThreadMetrics}, {@code JvmGcMetrics}). Each value is {@code null} when its
     * meter is not registered or has no reading. Immutable.
     *
     * @param heapUsedBytes heap in use, summed over the heap pools ({@code jvm.memory.used{area="heap"}})
     * @param heapMaxBytes the heap limit, summed over the heap pools that define one ({@code jvm.memory.max})
     * @param nonHeapUsedBytes non-heap memory in use (metaspace, code cache, ...)
     * @param nonHeapMaxBytes the non-heap limit, summed over the pools that define one; {@code null} when none does
     * @param processCpuUsage this process's recent CPU use, between 0 and 1 ({@code process.cpu.usage})
     * @param systemCpuUsage the machine's recent CPU use, between 0 and 1 ({@code system.cpu.usage})
     * @param liveThreads live threads ({@code jvm.threads.live})
     * @param gcPauseCount garbage collection pauses ({@code jvm.gc.pause}); {@code null} before the first pause is
     *     recorded
     * @param gcPauseTotal the time spent in those pauses; {@code null} when {@code gcPauseCount} is
     */
    public record Jvm(
            Long heapUsedBytes,
            Long heapMaxBytes,
            Long nonHeapUsedBytes,
            Long nonHeapMaxBytes,
            Double processCpuUsage,
            Double systemCpuUsage,
            Integer liveThreads,
            Long gcPauseCount,
            Duration gcPauseTotal) {}
}
