package dev.bulwark.tools.presentation.ops;

import dev.bulwark.core.ComponentReport;
import dev.bulwark.core.HealthCheck;
import dev.bulwark.core.HealthReport;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.tools.business.metrics.MetricsReport;
import dev.bulwark.tools.business.metrics.MetricsReportService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The operations tools: {@code health_check}, {@code get_metrics} and {@code check_dependencies}.
 */
public final class OpsTools {

    /** The name of the health tool. */
    public static final String HEALTH_CHECK = "health_check";
    /** The name of the metrics tool. */
    public static final String GET_METRICS = "get_metrics";
    /** The name of the dependencies tool. */
    public static final String CHECK_DEPENDENCIES = "check_dependencies";
    /** The scope a caller needs for every ops tool. */
    public static final String SCOPE = "ops:read";

    private OpsTools() {}

    /**
     * {@code health_check}: the server's combined status, uptime, version, environment and every component. A report
     * of an unhealthy server is a successful call (no {@code isError}): the tool did its job, and its structured
     * {@code status} says how the server is. It is not rate-limited, as {@code /ready} is not: a fleet monitor's
     * probes must not spend, nor be refused by, the budget the callers share (the concurrency limits still bound it).
     */
    public static Tool<NoInput, HealthCheckOutput> healthCheck(HealthCheck health) {
        Objects.requireNonNull(health, "health");
        return Tool.builder(HEALTH_CHECK, NoInput.class, HealthCheckOutput.class)
                .title("Server health")
                .description("Reports the server's health now: its status (healthy, degraded when an optional"
                        + " dependency is down, unhealthy when a required one is down or the server is draining),"
                        + " uptime, version, environment, and each dependency's status, criticality, check latency"
                        + " and details.")
                .requiredScopes(SCOPE)
                .readOnly(true)
                .notRateLimited()
                .handler((input, context) -> {
                    HealthReport report = health.check();
                    HealthCheckOutput output = healthOutput(report, report.components());
                    return ToolResult.of(output, healthText(output));
                })
                .build();
    }

    /** {@code check_dependencies}: each outbound dependency's status, criticality and check latency. */
    public static Tool<NoInput, DependenciesOutput> checkDependencies(HealthCheck health) {
        Objects.requireNonNull(health, "health");
        return Tool.builder(CHECK_DEPENDENCIES, NoInput.class, DependenciesOutput.class)
                .title("Dependency checks")
                .description("Checks each outbound dependency (for example the cache and the database) now and"
                        + " reports whether it is up, degraded or down, whether the server requires it, how long"
                        + " the check took, and why it is not up when known.")
                .requiredScopes(SCOPE)
                .readOnly(true)
                .handler((input, context) -> {
                    HealthReport report = health.check();
                    DependenciesOutput output = dependenciesOutput(report, report.components());
                    return ToolResult.of(output, dependenciesText(output));
                })
                .build();
    }

    /** {@code get_metrics}: tool calls, errors, latency, cache, uptime and JVM resources. */
    public static Tool<NoInput, MetricsOutput> getMetrics(MetricsReportService metrics) {
        Objects.requireNonNull(metrics, "metrics");
        return Tool.builder(GET_METRICS, NoInput.class, MetricsOutput.class)
                .title("Server metrics")
                .description("Reports the server's metrics: tool calls and errors (total, per tool, per error type,"
                        + " error rate), tool call latency in ms (p50, p95, p99 estimated from the latency histogram, mean),"
                        + " cache hits and hit rate, rate-limited calls, uptime, and JVM memory, CPU use, threads"
                        + " and garbage collection pauses.")
                .requiredScopes(SCOPE)
                .readOnly(true)
                .handler((input, context) -> {
                    MetricsOutput output = metricsOutput(metrics.report());
                    return ToolResult.of(output, metricsText(output));
                })
                .build();
    }

    private static HealthCheckOutput healthOutput(HealthReport report, List<ComponentReport> components) {
        return new HealthCheckOutput(
                lower(report.status()),
                report.status().isReady(),
                report.draining(),
                seconds(report.uptime()),
                report.version(),
                report.environment(),
                report.checkedAt().toString(),
                components.stream().map(OpsTools::dependency).toList());
    }

    private static DependenciesOutput dependenciesOutput(HealthReport report, List<ComponentReport> components) {
        return new DependenciesOutput(
                lower(report.status()),
                components.stream().map(OpsTools::dependency).toList());
    }

    /** {@code component} as both health tools give it: its details sorted by name, its reason also on its own. */
    private static DependencyOutput dependency(ComponentReport component) {
        List<DependencyOutput.Detail> details = new ArrayList<>();
        new TreeMap<>(component.details())
                .forEach((name, value) -> details.add(new DependencyOutput.Detail(name, value)));
        return new DependencyOutput(
                component.name(),
                lower(component.status()),
                lower(component.criticality()),
                millis(component.latency()),
                component.details().get("reason"),
                details);
    }

    private static MetricsOutput metricsOutput(MetricsReport report) {
        MetricsReport.ToolCalls calls = report.toolCalls();
        MetricsReport.Latency latency = report.latency();
        MetricsReport.CacheLookups cache = report.cache();
        MetricsReport.Jvm jvm = report.jvm();
        return new MetricsOutput(
                seconds(report.uptime()),
                new MetricsOutput.ToolCalls(
                        calls.total(),
                        calls.errors(),
                        calls.errorRate(),
                        calls.byTool().stream()
                                .map(tool -> new MetricsOutput.ToolCount(tool.tool(), tool.calls(), tool.errors()))
                                .toList(),
                        calls.byErrorType().stream()
                                .map(type -> new MetricsOutput.ErrorTypeCount(type.errorType(), type.count()))
                                .toList()),
                new MetricsOutput.Latency(
                        latency.count(),
                        latency.meanMs(),
                        latency.p50Ms(),
                        latency.p95Ms(),
                        latency.p99Ms(),
                        latency.maxMs()),
                new MetricsOutput.Cache(cache.hits(), cache.misses(), cache.errors(), cache.hitRate()),
                report.rateLimited(),
                report.inflightRequests(),
                new MetricsOutput.Jvm(
                        jvm.heapUsedBytes(),
                        jvm.heapMaxBytes(),
                        jvm.nonHeapUsedBytes(),
                        jvm.nonHeapMaxBytes(),
                        jvm.processCpuUsage(),
                        jvm.systemCpuUsage(),
                        jvm.liveThreads(),
                        jvm.gcPauseCount(),
                        jvm.gcPauseTotal() == null ? null : millis(jvm.gcPauseTotal())));
    }

    private static String healthText(HealthCheckOutput output) {
        StringBuilder text = new StringBuilder("Server is ")
                .append(output.status())
                .append(output.draining() ? " (draining for shutdown)" : "")
                .append(": version ")
                .append(output.version())
                .append(", environment ")
                .append(output.environment())
                .append(", up ")
                .append(uptime(output.uptimeSeconds()))
                .append('.');
        if (output.components().isEmpty()) {
            text.append(" No dependencies are checked.");
        }
        for (DependencyOutput component : output.components()) {
            appendLine(text, component);
            if (!component.details().isEmpty()) {
                text.append(" ")
                        .append(component.details().stream()
                                .map(detail -> detail.name() + "=" + detail.value())
                                .collect(Collectors.joining(", ")));
            }
        }
        return text.toString();
    }

    private static String dependenciesText(DependenciesOutput output) {
        if (output.dependencies().isEmpty()) {
            return "No dependencies are checked; the server is " + output.status() + ".";
        }
        long up = output.dependencies().stream()
                .filter(dependency -> "up".equals(dependency.status()))
                .count();
        StringBuilder text = new StringBuilder()
                .append(up)
                .append(" of ")
                .append(output.dependencies().size())
                .append(" dependencies up; the server is ")
                .append(output.status())
                .append('.');
        for (DependencyOutput dependency : output.dependencies()) {
            appendLine(text, dependency);
            if (dependency.reason() != null) {
                text.append(": ").append(dependency.reason());
            }
        }
        return text.toString();
    }

    /** A new line naming {@code dependency}: {@code - cache: down (optional, 0.4 ms)}. */
    private static void appendLine(StringBuilder text, DependencyOutput dependency) {
        text.append("\n- ")
                .append(dependency.name())
                .append(": ")
                .append(dependency.status())
                .append(" (")
                .append(dependency.criticality())
                .append(", ")
                .append(format(dependency.latencyMs()))
                .append(" ms)");
    }

    private static String metricsText(MetricsOutput output) {
        MetricsOutput.ToolCalls calls = output.toolCalls();
        MetricsOutput.Latency latency = output.latency();
        MetricsOutput.Jvm jvm = output.jvm();
        StringBuilder text = new StringBuilder("Up ")
                .append(uptime(output.uptimeSeconds()))
                .append(". ")
                .append(plural(calls.total(), "tool call"))
                .append(", ")
                .append(plural(calls.errors(), "error"))
                .append(" (")
                .append(format(calls.errorRate() * 100))
                .append("%).");
        if (latency.p50Ms() != null && latency.p95Ms() != null && latency.p99Ms() != null) {
            text.append(" Latency p50 ")
                    .append(format(latency.p50Ms()))
                    .append(" ms, p95 ")
                    .append(format(latency.p95Ms()))
                    .append(" ms, p99 ")
                    .append(format(latency.p99Ms()))
                    .append(" ms");
            if (latency.meanMs() != null) {
                text.append(", mean ").append(format(latency.meanMs())).append(" ms");
            }
            text.append('.');
        }
        if (output.cache().hitRate() != null) {
            text.append(" Cache hit rate ")
                    .append(format(output.cache().hitRate() * 100))
                    .append("%.");
        }
        if (output.rateLimited() > 0) {
            text.append(' ').append(plural(output.rateLimited(), "call")).append(" rate-limited.");
        }
        List<String> jvmParts = new ArrayList<>();
        if (jvm.heapUsedBytes() != null) {
            jvmParts.add("heap " + mebibytes(jvm.heapUsedBytes())
                    + (jvm.heapMaxBytes() != null ? " of " + mebibytes(jvm.heapMaxBytes()) : ""));
        }
        if (jvm.processCpuUsage() != null) {
            jvmParts.add("process CPU " + format(jvm.processCpuUsage() * 100) + "%");
        }
        if (jvm.liveThreads() != null) {
            jvmParts.add(jvm.liveThreads() + " threads");
        }
        if (jvm.gcPauseTotalMs() != null) {
            jvmParts.add("GC pauses " + format(jvm.gcPauseTotalMs()) + " ms");
        }
        if (!jvmParts.isEmpty()) {
            text.append(" JVM: ").append(String.join(", ", jvmParts)).append('.');
        }
        return text.toString();
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1_000_000.0;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String mebibytes(long bytes) {
        return format(bytes / (1024.0 * 1024.0)) + " MiB";
    }

    /** Uptime as {@code 2d 3h 4m 5s}, without leading zero units. */
    private static String uptime(double seconds) {
        long total = (long) seconds;
        long days = total / 86_400;
        long hours = total % 86_400 / 3600;
        long minutes = total % 3600 / 60;
        long secs = total % 60;
        if (days > 0) {
            return String.format(Locale.ROOT, "%dd %dh %dm %ds", days, hours, minutes, secs);
        }
        if (hours > 0) {
            return String.format(Locale.ROOT, "%dh %dm %ds", hours, minutes, secs);
        }
        return minutes > 0 ? String.format(Locale.ROOT, "%dm %ds", minutes, secs) : secs + "s";
    }
}
