package dev.bulwark.ports.upstream;

import dev.bulwark.ports.tasks.TaskSupport;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One tool an upstream MCP server lists, as it lists it. Immutable.
 *
 * @param name its name upstream
 * @param title its title, or empty
 * @param description its description, or empty
 * @param inputSchema input schema
 * @param outputSchema output schema, if any
 * @param readOnly whether it only reads
 * @param taskSupport its {@code execution.taskSupport}
 */
public record UpstreamTool(
        String name,
        String title,
        String description,
        Map<String, Object> inputSchema,
        Optional<Map<String, Object>> outputSchema,
        boolean readOnly,
        TaskSupport taskSupport) {

    /** Requires every part. */
    public UpstreamTool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(inputSchema, "inputSchema");
        Objects.requireNonNull(outputSchema, "outputSchema");
        Objects.requireNonNull(taskSupport, "taskSupport");
    }

    /** A tool that lists no task support: every call to it upstream is a plain call. */
    public UpstreamTool(
            String name,
            String title,
            String description,
            Map<String, Object> inputSchema,
            Optional<Map<String, Object>> outputSchema,
            boolean readOnly) {
        this(name, title, description, inputSchema, outputSchema, readOnly, TaskSupport.FORBIDDEN);
    }
}
