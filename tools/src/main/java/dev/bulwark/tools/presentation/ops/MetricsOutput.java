package dev.bulwark.tools.presentation.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bulwark.core.ToolParam;
import java.util.List;

/**
 * The structured result of {@code get_metrics}. Immutable.
 *
 * @param uptimeSeconds how long the server has been up
 * @param toolCalls tool calls and errors
 * @param latency tool call latency
 * @param cache response cache lookups
 * @param rateLimited calls refused by the rate limiter
 * @param inflightRequests tool calls running now; left out when not measured
 * @param jvm this JVM's resources
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record MetricsOutput(
        @ToolParam(description = "How long the server has been up, in seconds")
        double uptimeSeconds,

        @ToolParam(description = "Tool calls and errors since the server started")
        ToolCalls toolCalls,

        @ToolParam(description = "Tool call latency") Latency latency,
        @ToolParam(description = "Response cache lookups") Cache cache,

        @ToolParam(description = "Tool calls refused by the rate limiter")
        long rateLimited,

        @ToolParam(description = "Tool calls running now", required = false)
        Integer inflightRequests,

        @ToolParam(description = "This JVM's memory, CPU, threads and garbage collection")
        Jvm jvm) {

    /**
     * Tool calls and errors. Immutable.
     *
     * @param total every call
     * @param errors calls that ended in an error
     * @param errorRate errors / total
     * @param byTool counts per tool
     * @param byErrorType errors per type
     */
    public record ToolCalls(
            @ToolParam(description = "Every tool call") long total,

            @ToolParam(description = "Calls that ended in an error")
            long errors,

            @ToolParam(description = "errors / total, from 0 to 1; 0 when there were no calls")
            double errorRate,

            @ToolParam(description = "Calls and errors of each tool that was called")
            List<ToolCount> byTool,

            @ToolParam(description = "Errors by type, for example rate_limited or timeout")
            List<ErrorTypeCount> byErrorType) {

        public ToolCalls {
            byTool = List.copyOf(byTool);
            byErrorType = List.copyOf(byErrorType);
        }
    }

    /**
     * One tool's calls. Immutable.
     *
     * @param tool the tool
     * @param calls its calls
     * @param errors its calls that ended in an error
     */
    public record ToolCount(
            @ToolParam(description = "The tool name") String tool,
            @ToolParam(description = "Its calls") long calls,

            @ToolParam(description = "Its calls that ended in an error")
            long errors) {}

    /**
     * Errors of one type. Immutable.
     *
     * @param errorType the type
     * @param count how many
     */
    public record ErrorTypeCount(
            @ToolParam(description = "The error type") String errorType,
            @ToolParam(description = "How many") long count) {}

    /**
     * Tool call latency in milliseconds; readings are left out before the first call is measured. Immutable.
     *
     * @param count calls measured
     * @param meanMs mean over the server's life
     * @param p50Ms median, estimated from the latency histogram
     * @param p95Ms 95th percentile, estimated from the latency histogram
     * @param p99Ms 99th percentile, estimated from the latency histogram
     * @param maxMs longest call in the recent window
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Latency(
            @ToolParam(description = "Calls measured") long count,

            @ToolParam(description = "Mean over the server's life, ms", required = false)
            Double meanMs,

            @ToolParam(description = "Median, estimated from the latency histogram, ms", required = false)
            Double p50Ms,

            @ToolParam(description = "95th percentile, estimated from the latency histogram, ms", required = false)
            Double p95Ms,

            @ToolParam(description = "99th percentile, estimated from the latency histogram, ms", required = false)
            Double p99Ms,

            @ToolParam(description = "Longest call in the last few minutes, ms", required = false)
            Double maxMs) {}

    /**
     * Response cache lookups. Immutable.
     *
     * @param hits served from the cache
     * @param misses found nothing
     * @param errors failed (served as misses)
     * @param hitRate hits / (hits + misses); left out before the first lookup
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cache(
            @ToolParam(description = "Lookups served from the cache")
            long hits,

            @ToolParam(description = "Lookups that found nothing")
            long misses,

            @ToolParam(description = "Cache operations that failed (served as misses)")
            long errors,

            @ToolParam(description = "hits / (hits + misses), from 0 to 1", required = false)
            Double hitRate) {}

    /**
     * This JVM's resources; each reading is left out when its meter is not registered. Immutable.
     *
     * @param heapUsedBytes heap in use
     * @param heapMaxBytes heap limit
     * @param nonHeapUsedBytes non-heap memory in use
     * @param nonHeapMaxBytes non-heap limit
     * @param processCpuUsage this process's CPU use, 0 to 1
     * @param systemCpuUsage the machine's CPU use, 0 to 1
     * @param liveThreads live threads
     * @param gcPauseCount garbage collection pauses
     * @param gcPauseTotalMs time spent in them
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Jvm(
            @ToolParam(description = "Heap in use, bytes", required = false)
            Long heapUsedBytes,

            @ToolParam(description = "Heap limit, bytes", required = false)
            Long heapMaxBytes,

            @ToolParam(description = "Non-heap memory in use, bytes", required = false)
            Long nonHeapUsedBytes,

            @ToolParam(description = "Non-heap limit, bytes; left out when unlimited", required = false)
            Long nonHeapMaxBytes,

            @ToolParam(description = "This process's recent CPU use, from 0 to 1", required = false)
            Double processCpuUsage,

            @ToolParam(description = "The machine's recent CPU use, from 0 to 1", required = false)
            Double systemCpuUsage,

            @ToolParam(description = "Live threads", required = false)
            Integer liveThreads,

            @ToolParam(description = "Garbage collection pauses", required = false)
            Long gcPauseCount,

            @ToolParam(description = "Time spent in garbage collection pauses, ms", required = false)
            Double gcPauseTotalMs) {}
}
