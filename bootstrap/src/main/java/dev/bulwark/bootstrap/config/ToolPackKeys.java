package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigType;
import java.util.List;
import java.util.Optional;

/** The keys of the optional tool packs ({@code tools.*}), in catalogue order. Owner: {@link ToolPackSettings}. */
public final class ToolPackKeys {

    /** {@code tools.conformance}. */
    public static final ConfigKey<ToolPackSettings, Boolean> TOOLS_CONFORMANCE = ConfigKey.of(
            "tools.conformance",
            "MCP_CONFORMANCE_TOOLS",
            "--conformance-tools",
            ConfigType.BOOLEAN,
            "Register the MCP conformance suite's tools, resources and prompts (testing only)",
            ToolPackSettings::conformance,
            (settings, value) -> new ToolPackSettings(value, settings.skillsFolder(), settings.viewsFolder()));

    /** {@code tools.skills-folder}. */
    public static final ConfigKey<ToolPackSettings, Optional<String>> TOOLS_SKILLS_FOLDER = ConfigKey.of(
            "tools.skills-folder",
            "MCP_SKILLS_FOLDER",
            "--skills-folder",
            ConfigType.OPTIONAL_TEXT,
            "Folder of skills served through the Skills extension: one folder per skill, each with its SKILL.md."
                    + " Unset = none",
            ToolPackSettings::skillsFolder,
            (settings, value) -> new ToolPackSettings(settings.conformance(), value, settings.viewsFolder()));

    /** {@code tools.views-folder}. */
    public static final ConfigKey<ToolPackSettings, Optional<String>> TOOLS_VIEWS_FOLDER = ConfigKey.of(
            "tools.views-folder",
            "MCP_VIEWS_FOLDER",
            "--views-folder",
            ConfigType.OPTIONAL_TEXT,
            "Folder of the HTML files of the MCP Apps views the config file's views section names. Unset = none",
            ToolPackSettings::viewsFolder,
            (settings, value) -> new ToolPackSettings(settings.conformance(), settings.skillsFolder(), value));

    private static final List<ConfigKey<ToolPackSettings, ?>> ALL =
            List.of(TOOLS_CONFORMANCE, TOOLS_SKILLS_FOLDER, TOOLS_VIEWS_FOLDER);

    private ToolPackKeys() {}

    /** Every key of this table, in catalogue order. */
    public static List<ConfigKey<ToolPackSettings, ?>> all() {
        return ALL;
    }
}
