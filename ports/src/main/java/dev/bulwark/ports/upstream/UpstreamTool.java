package dev.bulwark.ports.upstream;

import java.util.Locale;
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

    /**
     * Whether a call may run as a task: the same three choices as a tool's and a service's, named here since ports
     * know neither.
     */
    public enum TaskSupport {
        /** Every call is answered when it ends. */
        FORBIDDEN,
        /** A client that asks for a task gets one; any other is answered when the call ends. */
        OPTIONAL,
        /** Only a call that asks for a task is served. */
        REQUIRED;

        /**
         * The value of a {@code task-support} setting or of a listing's {@code execution.taskSupport}:
         * {@code forbidden}, {@code optional} or {@code required}.
         *
         * @throws IllegalArgumentException for any other text
         */
        public static TaskSupport parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "forbidden" -> FORBIDDEN;
                case "optional" -> OPTIONAL;
                case "required" -> REQUIRED;
                default -> throw new IllegalArgumentException("is not forbidden, optional or required");
            };
        }

        /** The setting's spelling: {@code forbidden}, {@code optional} or {@code required}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

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
