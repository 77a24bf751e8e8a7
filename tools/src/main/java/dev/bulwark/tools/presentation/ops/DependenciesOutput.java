package dev.bulwark.tools.presentation.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bulwark.core.ToolParam;
import java.util.List;

/**
 * The structured result of {@code check_dependencies}. Immutable.
 *
 * @param status the server's combined status
 * @param dependencies each dependency, by name
 */
record DependenciesOutput(
        @ToolParam(description = "The server's combined status: healthy, degraded or unhealthy")
        String status,

        @ToolParam(description = "Each outbound dependency, by name")
        List<Dependency> dependencies) {

    public DependenciesOutput {
        dependencies = List.copyOf(dependencies);
    }

    /**
     * One dependency. Immutable.
     *
     * @param name the dependency
     * @param status up, degraded or down
     * @param criticality required or optional
     * @param latencyMs how long its check took
     * @param reason why it is not up, when its check said; {@code null} (left out) otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dependency(
            @ToolParam(description = "The dependency, for example redis or database")
            String name,

            @ToolParam(description = "up, degraded or down") String status,

            @ToolParam(description = "required (the server is unhealthy without it) or optional (degraded)")
            String criticality,

            @ToolParam(description = "How long its health check took, in milliseconds")
            double latencyMs,

            @ToolParam(description = "Why it is not up, when its check said", required = false)
            String reason) {}
}
