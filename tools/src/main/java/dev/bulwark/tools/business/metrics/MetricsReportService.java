package dev.bulwark.tools.business.metrics;

import dev.bulwark.core.HealthCheck;
import dev.bulwark.tools.business.metrics.MetricsReport.CacheLookups;
import dev.bulwark.tools.business.metrics.MetricsReport.ErrorTypeCount;
import dev.bulwark.tools.business.metrics.MetricsReport.Jvm;
import dev.bulwark.tools.business.metrics.MetricsReport.Latency;
import dev.bulwark.tools.business.metrics.MetricsReport.ToolCalls;
import dev.bulwark.tools.business.metrics.MetricsReport.ToolCount;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Reads the server's metrics back from its Micrometer registry, for {@code get_metrics}. Thread-safe.
 */
public final class MetricsReportService {

    /** Tool calls by {@code tool} and {@code outcome} ({@code success} or {@code error}). */
    public static final String TOOL_CALLS = "mcp.tool.calls";
    /** Failed calls by {@code error_type}. */
    public static final String ERRORS = "mcp.errors";
    /** The request duration timer, tagged {@code method}; tool calls are {@code method="tools/call"}. */
    public static final String REQUEST_DURATION = "mcp.request.duration";
    /** The MCP method of a tool call. */
    public static final String TOOLS_CALL = "tools/call";
    /** Response cache lookups by {@code result} ({@code hit}, {@code miss}, {@code error}). */
    public static final String CACHE_REQUESTS = "mcp.cache.requests";
    /** Calls refused by the rate limiter, by {@code tool}. */
    public static final String RATE_LIMITED = "mcp.rate.limited";
    /** Tool calls running now. */
    public static final String INFLIGHT = "mcp.inflight.requests";

    private final MeterRegistry registry;
    private final HealthCheck health;

    public MetricsReportService(MeterRegistry registry, HealthCheck health) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.health = Objects.requireNonNull(health, "health");
    }

    /** The metrics now. Never throws for missing meters. */
    public MetricsReport report() {
        return new MetricsReport(
                health.uptime(),
                toolCalls(),
                latency(),
                cacheLookups(),
                sum(registry.find(RATE_LIMITED).counters()),
                gaugeInt(INFLIGHT),
                jvm());
    }

    private ToolCalls toolCalls() {
        Map<String, long[]> perTool = new TreeMap<>();
        long total = 0;
        long errors = 0;
        for (Counter counter : registry.find(TOOL_CALLS).counters()) {
            long count = Math.round(counter.count());
            String tool = Objects.requireNonNullElse(counter.getId().getTag("tool"), "unknown");
            boolean error = "error".equals(counter.getId().getTag("outcome"));
            long[] callsAndErrors = perTool.computeIfAbsent(tool, name -> new long[2]);
            callsAndErrors[0] += count;
            total += count;
            if (error) {
                callsAndErrors[1] += count;
                errors += count;
            }
        }
        List<ToolCount> byTool = new ArrayList<>();
        perTool.forEach((tool, counts) -> byTool.add(new ToolCount(tool, counts[0], counts[1])));

        Map<String, Long> perType = new TreeMap<>();
        for (Counter counter : registry.find(ERRORS).counters()) {
            String type = Objects.requireNonNullElse(counter.getId().getTag("error_type"), "unknown");
            long count = Math.round(counter.count());
            if (count > 0) { // the error types are registered at zero: report those that happened
                perType.merge(type, count, Long::sum);
            }
        }
        List<ErrorTypeCount> byType = new ArrayList<>();
        perType.forEach((type, count) -> byType.add(new ErrorTypeCount(type, count)));

        double errorRate = total == 0 ? 0.0 : (double) errors / total;
        return new ToolCalls(total, errors, errorRate, byTool, byType);
    }

    private Latency latency() {
        Timer timer = registry.find(REQUEST_DURATION).tag("method", TOOLS_CALL).timer();
        if (timer == null || timer.count() == 0) {
            return Latency.none();
        }
        HistogramSnapshot snapshot = timer.takeSnapshot();
        return new Latency(
                timer.count(),
                finite(timer.mean(TimeUnit.MILLISECONDS)),
                percentile(snapshot, 0.5),
                percentile(snapshot, 0.95),
                percentile(snapshot, 0.99),
                finite(timer.max(TimeUnit.MILLISECONDS)));
    }

    /**
     * The {@code quantile} estimated from the timer's histogram buckets (cumulative counts, as the Prometheus and
     * simple registries keep them), interpolating linearly inside the bucket it falls in, as Prometheus's
     * {@code histogram_quantile} does. A timer without buckets falls back to the client-side percentile it
     * publishes, if any; else {@code null}. The server's own timer keeps buckets only: client-side percentiles cost
     * every call a synchronized HdrHistogram update, which stalls under load.
     */
    static Double percentile(HistogramSnapshot snapshot, double quantile) {
        CountAtBucket[] buckets = snapshot.histogramCounts();
        if (buckets.length == 0 || snapshot.count() == 0) {
            for (ValueAtPercentile value : snapshot.percentileValues()) {
                if (Math.abs(value.percentile() - quantile) < 1e-9) {
                    return finite(value.value(TimeUnit.MILLISECONDS));
                }
            }
            return null;
        }
        double rank = quantile * snapshot.count();
        double lowerBound = 0;
        double belowCount = 0;
        for (CountAtBucket bucket : buckets) {
            double upperBound = bucket.bucket(TimeUnit.MILLISECONDS);
            if (bucket.count() >= rank) {
                double inBucket = bucket.count() - belowCount;
                double fraction = inBucket <= 0 ? 1 : (rank - belowCount) / inBucket;
                return finite(lowerBound + (upperBound - lowerBound) * fraction);
            }
            lowerBound = upperBound;
            belowCount = bucket.count();
        }
        return finite(snapshot.max(TimeUnit.MILLISECONDS)); // beyond the last bucket
    }

    private CacheLookups cacheLookups() {
        long hits = 0;
        long misses = 0;
        long errors = 0;
        for (Counter counter : registry.find(CACHE_REQUESTS).counters()) {
            long count = Math.round(counter.count());
            String result = Objects.requireNonNullElse(counter.getId().getTag("result"), "");
            switch (result) {
                case "hit" -> hits += count;
                case "miss" -> misses += count;
                case "error" -> errors += count;
                default -> {} // a result this report does not know: leave it out
            }
        }
        Double hitRate = hits + misses == 0 ? null : (double) hits / (hits + misses);
        return new CacheLookups(hits, misses, errors, hitRate);
    }

    private Jvm jvm() {
        Collection<Timer> gcPauses = registry.find("jvm.gc.pause").timers();
        Long gcPauseCount = null;
        Duration gcPauseTotal = null;
        if (!gcPauses.isEmpty()) {
            long count = 0;
            double nanos = 0;
            for (Timer pause : gcPauses) {
                count += pause.count();
                nanos += pause.totalTime(TimeUnit.NANOSECONDS);
            }
            gcPauseCount = count;
            gcPauseTotal = Duration.ofNanos(Math.round(nanos));
        }
        return new Jvm(
                memory("jvm.memory.used", "heap"),
                memory("jvm.memory.max", "heap"),
                memory("jvm.memory.used", "nonheap"),
                memory("jvm.memory.max", "nonheap"),
                usage("process.cpu.usage"),
                usage("system.cpu.usage"),
                gaugeInt("jvm.threads.live"),
                gcPauseCount,
                gcPauseTotal);
    }

    /**
     * The sum over the memory pools of one area; pools without a reading or a defined value (Micrometer reports
     * an undefined maximum as -1) are left out, and {@code null} means no pool had one.
     */
    private Long memory(String name, String area) {
        double bytes = 0;
        boolean any = false;
        for (Gauge pool : registry.find(name).tag("area", area).gauges()) {
            double value = pool.value();
            if (Double.isFinite(value) && value >= 0) {
                bytes += value;
                any = true;
            }
        }
        return any ? Math.round(bytes) : null;
    }

    /** A CPU usage gauge; Micrometer reports an unavailable reading as NaN or a negative number. */
    private Double usage(String name) {
        Gauge gauge = registry.find(name).gauge();
        if (gauge == null) {
            return null;
        }
        double value = gauge.value();
        return Double.isFinite(value) && value >= 0 ? value : null;
    }

    private Integer gaugeInt(String name) {
        Gauge gauge = registry.find(name).gauge();
        if (gauge == null) {
            return null;
        }
        double value = gauge.value();
        return Double.isFinite(value) ? (int) Math.round(value) : null;
    }

    private static long sum(Collection<Counter> counters) {
        double total = 0;
        for (Counter counter : counters) {
            total += counter.count();
        }
        return Math.round(total);
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
