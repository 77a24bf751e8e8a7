package dev.bulwark.bootstrap.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Optional tool packs the server jar can add to its built-in tools ({@code tools.*}); its wiring reads them.
 *
 * @param conformance register the tools, resources, prompts and completions the official MCP conformance suite
 *     calls; for testing only, never in a production server
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
