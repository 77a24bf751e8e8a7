package dev.bulwark.bootstrap.config;

import java.util.List;

/** The keys of the optional tool packs ({@code tools.*}), in catalogue order. Owner: {@link ToolPackSettings}. */
public final class ToolPackKeys {

    /** {@code tools.conformance}. */
    public static final ConfigKey<Boolean> TOOLS_CONFORMANCE = ConfigKey.of(
            "tools.conformance",
            "MCP_CONFORMANCE_TOOLS",
            "--conformance-tools",
            ConfigType.BOOLEAN,
            "Register the MCP conformance suite's tools, resources and prompts (testing only)",
            config -> config.toolPacks().conformance(),
            (config, value) ->
                    config.toBuilder().toolPacks(new ToolPackSettings(value)).build());

    private static final List<ConfigKey<?>> ALL = List.of(TOOLS_CONFORMANCE);

    private ToolPackKeys() {}

    /** Every key of this table, in catalogue order. */
    static List<ConfigKey<?>> all() {
        return ALL;
    }
}
