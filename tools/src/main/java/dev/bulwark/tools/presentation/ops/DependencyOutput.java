package dev.bulwark.tools.presentation.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bulwark.core.ToolParam;
import java.util.List;

/**
 * One dependency's health, as {@code health_check} and {@code check_dependencies} give it. Immutable.
 *
 * @param name the dependency
 * @param status up, degraded or down
 * @param criticality required or optional
 * @param latencyMs how long its check took
 * @param reason why it is not up, when its check said; {@code null} (left out) otherwise
 * @param details safe facts about it, by name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DependencyOutput(
        @ToolParam(description = "The dependency, for example redis or database")
        String name,

        @ToolParam(description = "up, degraded or down") String status,

        @ToolParam(description = "required (the server is unhealthy without it) or optional (degraded)")
        String criticality,

        @ToolParam(description = "How long its health check took, in milliseconds")
        double latencyMs,

        @ToolParam(description = "Why it is not up, when its check said", required = false)
        String reason,

        @ToolParam(description = "Facts about it, for example the reason it is down")
        List<Detail> details) {

    public DependencyOutput {
        details = List.copyOf(details);
    }

    /**
     * One fact about a dependency. Immutable.
     *
     * @param name what the fact is, for example {@code reason}
     * @param value the fact
     */
    public record Detail(
            @ToolParam(description = "What the fact is, for example reason")
            String name,

            @ToolParam(description = "The fact") String value) {}
}
