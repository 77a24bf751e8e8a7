package dev.bulwark.bootstrap.config;

/**
 * Optional tool packs the server jar can add to its built-in tools ({@code tools.*}); its wiring reads them.
 *
 * @param conformance register the tools, resources, prompts and completions the official MCP conformance suite
 *     calls; for testing only, never in a production server
 */
public record ToolPackSettings(boolean conformance) {

    public static final boolean DEFAULT_CONFORMANCE = false;

    public static ToolPackSettings defaults() {
        return new ToolPackSettings(DEFAULT_CONFORMANCE);
    }
}
