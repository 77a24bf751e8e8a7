package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigKey;
import java.util.List;
import java.util.Objects;

/**
 * The {@code --help} text, generated from {@link LauncherOption} and the key catalogue, so it lists every option
 * there is: flag, environment variable, config-file key, default and description. Secret defaults are not shown.
 */
public final class HelpText {

    private static final String NL = System.lineSeparator();

    private HelpText() {}

    /** The help for the full catalogue, {@link ConfigKeys#all()}. */
    public static String render() {
        return render(ConfigKeys.all());
    }

    /** The help for {@code keys}, ending with a line separator. */
    public static String render(List<ConfigKey<ServerConfig, ?>> keys) {
        Objects.requireNonNull(keys, "keys");
        StringBuilder help = new StringBuilder()
                .append("Usage: bulwark-server [options]")
                .append(NL)
                .append(NL)
                .append("Every setting comes from, in rising precedence: the built-in default, the config file,")
                .append(NL)
                .append("its environment variable, its flag. Flags are --name value or --name=value; boolean flags")
                .append(NL)
                .append("may be given bare (--debug). Durations: 300 (seconds), 5m, PT5M. Sizes: 1048576 (bytes),")
                .append(NL)
                .append("512KiB, 1MiB, 1MB. Lists: comma-separated. Invalid configuration exits with status ")
                .append(ConfigException.EXIT_CODE)
                .append('.')
                .append(NL)
                .append(NL)
                .append("Launcher options:")
                .append(NL);
        for (LauncherOption option : LauncherOption.values()) {
            help.append("  ")
                    .append(option.flag())
                    .append(option.valueName().map(name -> " <" + name + ">").orElse(""))
                    .append(NL)
                    .append("      ")
                    .append(option.description())
                    .append(NL);
            option.envVar()
                    .ifPresent(
                            envVar -> help.append("      env ").append(envVar).append(NL));
        }
        help.append(NL).append("Configuration:").append(NL);
        for (ConfigKey<ServerConfig, ?> key : keys) {
            help.append("  ")
                    .append(key.flag())
                    .append(
                            key.type().isBoolean()
                                    ? "[=true|false]"
                                    : " <" + key.type().name() + ">")
                    .append(NL)
                    .append("      ")
                    .append(key.description())
                    .append(NL)
                    .append("      env ")
                    .append(key.envVar())
                    .append(" | file ")
                    .append(key.path())
                    .append(" | default ")
                    .append(ConfigKeys.defaultText(key))
                    .append(NL);
        }
        help.append(NL)
                .append("Registered services are named in the config file's ")
                .append(ServiceFields.SECTION)
                .append(" section only (see docs/configuration.md);")
                .append(NL)
                .append("a service's credential may also come from API_KEY_<NAME>, which wins over the file,")
                .append(NL)
                .append("and the credential of its security scheme <scheme> from API_KEY_<NAME>_<SCHEME>.")
                .append(NL)
                .append("The fleet monitor's targets (--monitor) are named in the config file's ")
                .append(MonitorTargetFields.TARGETS_SECTION)
                .append(" section only;")
                .append(NL)
                .append("a target's credential may also come from MONITOR_CREDENTIAL_<NAME>, which wins over the file.")
                .append(NL)
                .append("MCP Apps views are named in the config file's ")
                .append(ViewSettings.SECTION)
                .append(" section only, their HTML files in tools.views-folder.")
                .append(NL);
        return help.toString();
    }
}
