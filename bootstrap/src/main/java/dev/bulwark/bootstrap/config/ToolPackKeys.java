package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigType;
import java.util.List;

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
            (settings, value) -> new ToolPackSettings(value));

    private static final List<ConfigKey<ToolPackSettings, ?>> ALL = List.of(TOOLS_CONFORMANCE);

    private ToolPackKeys() {}

    /** Every key of this table, in catalogue order. */
    public static List<ConfigKey<ToolPackSettings, ?>> all() {
        return ALL;
    }
}
