package dev.bulwark.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.ConfigKey;
import org.junit.jupiter.api.Test;

class HelpTextTest {

    private final String help = HelpText.render();

    @Test
    void helpListsEveryKeysFlagEnvironmentVariableAndDefault() {
        for (ConfigKey<ServerConfig, ?> key : ConfigKeys.all()) {
            assertThat(help)
                    .as("help for %s", key)
                    .containsPattern("(?m)^  " + key.flag() + "[ \\[]")
                    .contains("env " + key.envVar() + " | file " + key.path() + " | default "
                            + ConfigKeys.defaultText(key))
                    .contains(key.description());
        }
    }

    @Test
    void helpListsTheLauncherOptions() {
        for (LauncherOption option : LauncherOption.values()) {
            assertThat(help).containsPattern("(?m)^  " + option.flag() + "\\b").contains(option.description());
        }
        assertThat(help).contains("--config <file>", "env MCP_CONFIG");
    }

    @Test
    void helpShowsBooleanFlagsAsBareSwitches() {
        assertThat(help).contains("--debug[=true|false]");
    }

    @Test
    void helpShowsTheTypeOfEachValue() {
        assertThat(help).contains("--cache-ttl <duration>", "--max-request-size <size>", "--stdio-scopes <list>");
    }
}
