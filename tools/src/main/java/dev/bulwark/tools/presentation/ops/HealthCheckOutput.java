package dev.bulwark.tools.presentation.ops;

import dev.bulwark.core.ToolParam;
import java.util.List;

/**
 * The structured result of {@code health_check}. Immutable.
 *
 * @param status the server's combined status
 * @param ready whether the server takes traffic
 * @param draining whether the server is shutting down
 * @param uptimeSeconds how long the server has been up
 * @param version the server version
 * @param environment where the server runs
 * @param checkedAt when the checks ran (ISO-8601, UTC)
 * @param components each dependency's health, by name
 */
record HealthCheckOutput(
        @ToolParam(
                description = "The server's combined status: healthy, degraded (an optional dependency is down)"
                        + " or unhealthy (a required dependency is down, or the server is draining)")
        String status,

        @ToolParam(description = "Whether the server takes traffic: false only when unhealthy")
        boolean ready,

        @ToolParam(description = "Whether the server is shutting down")
        boolean draining,

        @ToolParam(description = "How long the server has been up, in seconds")
        double uptimeSeconds,

        @ToolParam(description = "The server version") String version,

        @ToolParam(description = "Where the server runs, for example production")
        String environment,

        @ToolParam(description = "When the checks ran, ISO-8601 in UTC")
        String checkedAt,

        @ToolParam(description = "Each dependency's health, by name")
        List<DependencyOutput> components) {

    public HealthCheckOutput {
        components = List.copyOf(components);
    }
}
