package dev.bulwark.tools.presentation.ops;

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
        List<DependencyOutput> dependencies) {

    public DependenciesOutput {
        dependencies = List.copyOf(dependencies);
    }
}
