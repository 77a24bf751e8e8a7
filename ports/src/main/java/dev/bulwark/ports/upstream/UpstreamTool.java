package dev.bulwark.ports.upstream;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One tool an upstream MCP server lists, as it lists it. Immutable.
 *
 * @param name its name upstream
 * @param title its title, or empty
 * @param description its description, or empty
 * @param inputSchema its input schema
 * @param outputSchema its output schema, if any
 * @param readOnly whether it only reads
 */
public record UpstreamTool(
        String name,
        String title,
        String description,
        Map<String, Object> inputSchema,
        Optional<Map<String, Object>> outputSchema,
        boolean readOnly) {

    /** Requires every part. */
    public UpstreamTool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(inputSchema, "inputSchema");
        Objects.requireNonNull(outputSchema, "outputSchema");
    }
}
