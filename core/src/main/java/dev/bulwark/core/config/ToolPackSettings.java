package dev.bulwark.core.config;

/**
 * Optional tool packs the reference server can add to its built-in tools.
 *
 * @param conformance register the tools, resources, prompts and completions the official MCP conformance suite
 *     calls; for testing only, never in a production server
 */
public record ToolPackSettings(boolean conformance) {

    public static ToolPackSettings defaults() {
        return new ToolPackSettings(false);
    }

    /** A copy with {@code conformance} replaced. */
    public ToolPackSettings withConformance(boolean value) {
        return new ToolPackSettings(value);
    }
}
