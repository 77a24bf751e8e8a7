package dev.bulwark.core.internal.presentation.tasks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the requests of the task routes ({@code tasks/*}, and a task-augmented {@code tools/call} whose task could
 * not be created) in {@code mcp.requests{method, status}} and their failures in {@code mcp.errors{error_type}}, as the
 * pipeline counts every tool call. A task's run is a tool call and is counted by the pipeline. Thread-safe.
 */
public final class TaskRequestMetrics {

    /** The label of a request answered as asked. */
    public static final String NONE = "none";
    /** The label of a request whose store was unavailable. */
    public static final String DEPENDENCY_UNAVAILABLE = "dependency_unavailable";
    /** The label of a request refused because the server keeps as many tasks, or task bytes, as it may. */
    public static final String BUSY = "busy";
    /** The label of a request the caller got wrong (unknown task, bad params, a caller's bound reached). */
    public static final String INVALID = "invalid_arguments";
    /** The label of any other failure. */
    public static final String INTERNAL = "internal";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public TaskRequestMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** A request of {@code method} was answered; {@code errorType} is {@link #NONE} when it succeeded. */
    public void answered(String method, String errorType) {
        boolean failed = !NONE.equals(errorType);
        counters.computeIfAbsent(
                        method + (failed ? "|error" : "|ok"),
                        key -> Counter.builder("mcp.requests")
                                .description("MCP requests by method and status")
                                .tags("method", method, "status", failed ? "error" : "ok")
                                .register(registry))
                .increment();
        if (failed) {
            counters.computeIfAbsent(
                            "errors|" + errorType,
                            key -> Counter.builder("mcp.errors")
                                    .description("Failed MCP requests by error type")
                                    .tag("error_type", errorType)
                                    .register(registry))
                    .increment();
        }
    }
}
