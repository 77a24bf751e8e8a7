package dev.bulwark.tools.business.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.internal.business.health.HealthService;
import dev.bulwark.test.fakes.ManualTicker;
import dev.bulwark.tools.business.metrics.MetricsReport.ErrorTypeCount;
import dev.bulwark.tools.business.metrics.MetricsReport.Jvm;
import dev.bulwark.tools.business.metrics.MetricsReport.Latency;
import dev.bulwark.tools.business.metrics.MetricsReport.ToolCount;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reading the server's metrics back from Micrometer. */
class MetricsReportServiceTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final ManualTicker ticker = new ManualTicker();
    private final HealthService health =
            new HealthService(List.of(), ServerSettings.defaults(), Clock.systemUTC(), ticker);
    private final MetricsReportService service = new MetricsReportService(registry, health);

    private void toolCalls(String tool, String outcome, int count) {
        Counter.builder("mcp.tool.calls")
                .tags("tool", tool, "outcome", outcome)
                .register(registry)
                .increment(count);
    }

    private void errors(String type, int count) {
        Counter.builder("mcp.errors").tag("error_type", type).register(registry).increment(count);
    }

    /** The timer as the metrics interceptor registers it. */
    private Timer requestTimer() {
        return Timer.builder("mcp.request.duration")
                .tag("method", "tools/call")
                .serviceLevelObjectives(
                        Duration.ofMillis(10),
                        Duration.ofMillis(25),
                        Duration.ofMillis(50),
                        Duration.ofMillis(100),
                        Duration.ofMillis(250))
                .register(registry);
    }

    @Test
    void metricsReportShowsErrorRateFromToolCallCounters() {
        toolCalls("echo", "success", 15);
        toolCalls("echo", "error", 3);
        toolCalls("process_data", "success", 1);
        toolCalls("process_data", "error", 1);

        MetricsReport.ToolCalls calls = service.report().toolCalls();

        assertThat(calls.total()).isEqualTo(20);
        assertThat(calls.errors()).isEqualTo(4);
        assertThat(calls.errorRate()).isEqualTo(0.2);
    }

    @Test
    void countsCallsAndErrorsPerToolSortedByName() {
        toolCalls("zeta", "success", 2);
        toolCalls("alpha", "success", 5);
        toolCalls("alpha", "error", 1);

        assertThat(service.report().toolCalls().byTool())
                .containsExactly(new ToolCount("alpha", 6, 1), new ToolCount("zeta", 2, 0));
    }

    @Test
    void countsErrorsByType() {
        errors("rate_limited", 4);
        errors("timeout", 1);

        assertThat(service.report().toolCalls().byErrorType())
                .containsExactly(new ErrorTypeCount("rate_limited", 4), new ErrorTypeCount("timeout", 1));
    }

    @Test
    void leavesOutTheErrorTypesRegisteredAtZero() {
        errors("timeout", 1);
        errors("busy", 0);

        assertThat(service.report().toolCalls().byErrorType()).containsExactly(new ErrorTypeCount("timeout", 1));
    }

    @Test
    void reportsNoCallsAsZeroWithAZeroErrorRate() {
        MetricsReport.ToolCalls calls = service.report().toolCalls();

        assertThat(calls.total()).isZero();
        assertThat(calls.errorRate()).isZero();
        assertThat(calls.byTool()).isEmpty();
    }

    @Test
    void reportsLatencyPercentilesFromTheHistogramBucketsAndTheMean() {
        Timer timer = requestTimer();
        for (int millis = 1; millis <= 100; millis++) {
            timer.record(millis, TimeUnit.MILLISECONDS);
        }

        Latency latency = service.report().latency();

        assertThat(latency.count()).isEqualTo(100);
        assertThat(latency.meanMs()).isCloseTo(50.5, within(0.001));
        // interpolated inside the buckets (25, 50] and (50, 100]: values spread evenly come out exact
        assertThat(latency.p50Ms()).isCloseTo(50.0, within(0.5));
        assertThat(latency.p95Ms()).isCloseTo(95.0, within(0.5));
        assertThat(latency.p99Ms()).isCloseTo(99.0, within(0.5));
        assertThat(latency.maxMs()).isCloseTo(100.0, within(0.001));
    }

    @Test
    void fallsBackToClientSidePercentilesForATimerWithoutBuckets() {
        Timer timer = Timer.builder("mcp.request.duration")
                .tag("method", "tools/call")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
        timer.record(Duration.ofMillis(20));

        assertThat(service.report().latency().p50Ms()).isCloseTo(20.0, within(1.0));
    }

    @Test
    void aPercentileBeyondTheLastBucketIsTheMaximum() {
        HistogramSnapshot snapshot =
                new HistogramSnapshot(2, 2e9, 1.5e9, null, new CountAtBucket[] {new CountAtBucket(1e6, 1)}, null);

        assertThat(MetricsReportService.percentile(snapshot, 0.99)).isCloseTo(1500.0, within(0.001));
    }

    @Test
    void reportsNullLatencyBeforeTheFirstCall() {
        requestTimer();

        assertThat(service.report().latency()).isEqualTo(Latency.none());
    }

    @Test
    void reportsNullPercentilesWhenTheTimerKeepsNoHistogram() {
        Timer.builder("mcp.request.duration")
                .tag("method", "tools/call")
                .register(registry)
                .record(Duration.ofMillis(10));

        Latency latency = service.report().latency();

        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.meanMs()).isCloseTo(10.0, within(0.001));
        assertThat(latency.p95Ms()).isNull();
    }

    @Test
    void reportsUptimeFromTheHealthService() {
        ticker.advance(Duration.ofMinutes(90));

        assertThat(service.report().uptime()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void reportsCacheLookupsAndHitRate() {
        Counter.builder("mcp.cache.requests")
                .tag("result", "hit")
                .register(registry)
                .increment(3);
        Counter.builder("mcp.cache.requests")
                .tag("result", "miss")
                .register(registry)
                .increment(1);
        Counter.builder("mcp.cache.requests")
                .tag("result", "error")
                .register(registry)
                .increment(2);

        MetricsReport.CacheLookups cache = service.report().cache();

        assertThat(cache.hits()).isEqualTo(3);
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.errors()).isEqualTo(2);
        assertThat(cache.hitRate()).isEqualTo(0.75);
    }

    @Test
    void reportsNoCacheHitRateBeforeTheFirstLookup() {
        assertThat(service.report().cache().hitRate()).isNull();
    }

    @Test
    void sumsRateLimitedCallsOverTools() {
        Counter.builder("mcp.rate.limited").tag("tool", "a").register(registry).increment(2);
        Counter.builder("mcp.rate.limited").tag("tool", "b").register(registry).increment(5);

        assertThat(service.report().rateLimited()).isEqualTo(7);
    }

    @Test
    void reportsNullForUnboundJvmMeters() {
        MetricsReport report = service.report();

        assertThat(report.jvm()).isEqualTo(new Jvm(null, null, null, null, null, null, null, null, null));
        assertThat(report.inflightRequests()).isNull();
    }

    @Test
    void readsJvmMemoryCpuAndThreadsWhenTheBindersAreBound() {
        new JvmMemoryMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);

        Jvm jvm = service.report().jvm();

        assertThat(jvm.heapUsedBytes()).isPositive();
        assertThat(jvm.heapMaxBytes()).isGreaterThanOrEqualTo(jvm.heapUsedBytes());
        assertThat(jvm.nonHeapUsedBytes()).isPositive();
        assertThat(jvm.liveThreads()).isPositive();
        if (jvm.processCpuUsage() != null) { // not every platform reports process CPU
            assertThat(jvm.processCpuUsage()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void leavesOutMemoryPoolsWithoutADefinedMaximum() {
        Gauge.builder("jvm.memory.max", () -> 100)
                .tags("area", "heap", "id", "old")
                .register(registry);
        Gauge.builder("jvm.memory.max", () -> -1)
                .tags("area", "heap", "id", "eden")
                .register(registry);
        Gauge.builder("jvm.memory.max", () -> -1)
                .tags("area", "nonheap", "id", "metaspace")
                .register(registry);

        Jvm jvm = service.report().jvm();

        assertThat(jvm.heapMaxBytes()).isEqualTo(100);
        assertThat(jvm.nonHeapMaxBytes()).isNull();
    }

    @Test
    void reportsUnavailableCpuReadingsAsNull() {
        Gauge.builder("process.cpu.usage", () -> Double.NaN).register(registry);
        Gauge.builder("system.cpu.usage", () -> -1).register(registry);

        Jvm jvm = service.report().jvm();

        assertThat(jvm.processCpuUsage()).isNull();
        assertThat(jvm.systemCpuUsage()).isNull();
    }

    @Test
    void sumsGcPausesOverCollectors() {
        Timer.builder("jvm.gc.pause")
                .tags("gc", "young", "action", "minor")
                .register(registry)
                .record(Duration.ofMillis(10));
        Timer.builder("jvm.gc.pause")
                .tags("gc", "old", "action", "major")
                .register(registry)
                .record(Duration.ofMillis(30));

        Jvm jvm = service.report().jvm();

        assertThat(jvm.gcPauseCount()).isEqualTo(2);
        assertThat(jvm.gcPauseTotal()).isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void readsInflightRequests() {
        AtomicInteger inflight = registry.gauge("mcp.inflight.requests", new AtomicInteger(3));

        assertThat(service.report().inflightRequests())
                .isEqualTo(inflight.get())
                .isEqualTo(3);
    }
}
