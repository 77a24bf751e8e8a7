package dev.bulwark.bootstrap.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Optional tool packs the server jar can add to its built-in tools ({@code tools.*}); its wiring reads them.
 *
 * @param conformance register the tools, resources, prompts and completions the official MCP conformance suite
 *     calls; for testing only, never in a production server
 * @param skillsFolder the folder of skills to serve, or empty for none
 * @param viewsFolder the folder of the views' HTML files, or empty for none
 */
public record ToolPackSettings(boolean conformance, Optional<String> skillsFolder, Optional<String> viewsFolder) {

    public static final boolean DEFAULT_CONFORMANCE = false;

    public ToolPackSettings {
        Objects.requireNonNull(skillsFolder, "skillsFolder");
        Objects.requireNonNull(viewsFolder, "viewsFolder");
    }

    public static ToolPackSettings defaults() {
        return new ToolPackSettings(DEFAULT_CONFORMANCE, Optional.empty(), Optional.empty());
    }
}
