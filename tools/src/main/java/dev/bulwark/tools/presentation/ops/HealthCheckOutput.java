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
        List<Component> components) {

    public HealthCheckOutput {
        components = List.copyOf(components);
    }

    /**
     * One dependency's health. Immutable.
     *
     * @param name the component
     * @param status up, degraded or down
     * @param criticality required or optional
     * @param latencyMs how long its check took
     * @param details safe facts about it
     */
    public record Component(
            @ToolParam(description = "The component, for example redis or database")
            String name,

            @ToolParam(description = "up, degraded or down") String status,

            @ToolParam(description = "required (the server is unhealthy without it) or optional (degraded)")
            String criticality,

            @ToolParam(description = "How long its health check took, in milliseconds")
            double latencyMs,

            @ToolParam(description = "Facts about it, for example the reason it is down")
            List<Detail> details) {

        public Component {
            details = List.copyOf(details);
        }
    }

    /**
     * One fact about a component. Immutable.
     *
     * @param name what the fact is, for example {@code reason}
     * @param value the fact
     */
    public record Detail(
            @ToolParam(description = "What the fact is, for example reason")
            String name,

            @ToolParam(description = "The fact") String value) {}
}
