package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What {@link ConfigLoader#load} produced: the configuration, the launcher options, and where every value came
 * from.
 *
 * <p>When {@link #helpRequested()} or {@link #versionRequested()} is true, loading stopped after the command line
 * was read: nothing else was read or checked, {@link #config()} holds {@link ServerConfig#defaults()}, and the
 * launcher prints the help or version and exits 0.
 */
public final class LoadedConfig {

    private final ServerConfig config;
    private final Optional<Path> configFile;
    private final boolean helpRequested;
    private final boolean versionRequested;
    private final List<Setting<?>> settings;
    private final Map<ConfigKey<ServerConfig, ?>, Setting<?>> settingsByKey;
    private final List<String> warnings;
    private final List<String> services;
    private final Map<String, String> serviceFieldSources;
    private final boolean worker;

    LoadedConfig(
            ServerConfig config,
            Optional<Path> configFile,
            boolean helpRequested,
            boolean versionRequested,
            List<Setting<?>> settings) {
        this(config, configFile, helpRequested, versionRequested, settings, List.of(), List.of(), Map.of());
    }

    LoadedConfig(
            ServerConfig config,
            Optional<Path> configFile,
            boolean helpRequested,
            boolean versionRequested,
            List<Setting<?>> settings,
            List<String> warnings,
            List<String> services,
            Map<String, String> serviceFieldSources) {
        this(
                config,
                configFile,
                helpRequested,
                versionRequested,
                settings,
                warnings,
                services,
                serviceFieldSources,
                false);
    }

    private LoadedConfig(
            ServerConfig config,
            Optional<Path> configFile,
            boolean helpRequested,
            boolean versionRequested,
            List<Setting<?>> settings,
            List<String> warnings,
            List<String> services,
            Map<String, String> serviceFieldSources,
            boolean worker) {
        this.worker = worker;
        this.config = Objects.requireNonNull(config, "config");
        this.configFile = Objects.requireNonNull(configFile, "configFile");
        this.helpRequested = helpRequested;
        this.versionRequested = versionRequested;
        this.settings = List.copyOf(settings);
        this.settingsByKey = this.settings.stream().collect(Collectors.toMap(Setting::key, Function.identity()));
        this.warnings = List.copyOf(warnings);
        this.services = List.copyOf(services);
        this.serviceFieldSources = Map.copyOf(serviceFieldSources);
    }

    /**
     * What was accepted but is most likely a mistake, one line each, for the start-up log: a secret key given as a
     * command-line flag, with its environment variable; an {@code MCP_} environment variable that is no setting (say
     * {@code MCP_CACHE_TTL} for {@code CACHE_TTL}), with the nearest known name. Never holds a value.
     */
    public List<String> warnings() {
        return warnings;
    }

    /** The configuration to run with. */
    public ServerConfig config() {
        return config;
    }

    /** The config file that was read ({@code --config} or {@code MCP_CONFIG}), if any. */
    public Optional<Path> configFile() {
        return configFile;
    }

    /** Whether {@code --help} was given: print {@link HelpText#render()} and exit 0. */
    public boolean helpRequested() {
        return helpRequested;
    }

    /** Whether {@code --worker} was given: run the shared queue's tasks, serving no MCP port. */
    public boolean workerRequested() {
        return worker;
    }

    /** This configuration, run as a worker ({@code --worker}) or not. */
    LoadedConfig withWorker(boolean value) {
        return new LoadedConfig(
                config,
                configFile,
                helpRequested,
                versionRequested,
                settings,
                warnings,
                services,
                serviceFieldSources,
                value);
    }

    /** Whether {@code --version} was given: print the version and exit 0. */
    public boolean versionRequested() {
        return versionRequested;
    }

    /**
     * Where {@code key}'s value came from: {@code default}, {@code file <path>, line <n>, column <n>},
     * {@code environment variable <NAME>} or {@code flag --<name>}.
     *
     * @throws IllegalArgumentException if {@code key} is not in the catalogue that was loaded
     */
    public String sourceOf(ConfigKey<?, ?> key) {
        Setting<?> setting = settingsByKey.get(key);
        if (setting == null) {
            throw new IllegalArgumentException("not a loaded key: " + key);
        }
        return setting.source();
    }

    /** Whether {@code key}'s value was given (by a flag, a variable or the file) rather than left at its default. */
    public boolean isSet(ConfigKey<?, ?> key) {
        return settings.stream()
                .anyMatch(setting -> setting.key().path().equals(key.path())
                        && !setting.source().equals(Setting.DEFAULT_SOURCE));
    }

    /**
     * {@code error}, found as the server was wired, with the source of the key it names (a catalogue key or a
     * service's field, such as {@code services.petstore.openapi-operations}): a module that refuses a value knows the
     * key but not where its value came from, and gives {@value StartupConfigException#WIRING_SOURCE} as the source.
     * Any other error is returned as it is.
     */
    public ConfigError locate(ConfigError error) {
        Objects.requireNonNull(error, "error");
        if (!error.source().equals(StartupConfigException.WIRING_SOURCE)) {
            return error;
        }
        return settings.stream()
                .filter(setting -> setting.key().path().equals(error.key()))
                .findFirst()
                .map(Setting::source)
                .or(() -> Optional.ofNullable(serviceFieldSources.get(error.key())))
                .map(source -> new ConfigError(error.key(), source, error.reason()))
                .orElse(error);
    }

    /**
     * The effective configuration, one line per key in catalogue order, {@code key = value (source)}, with the
     * values of secret keys shown as {@value ConfigKey#REDACTED}, then one line per registered service (where it was
     * given and where its credential came from, never its URL or credential): fit for a startup log.
     */
    public List<String> describe() {
        List<String> lines = new java.util.ArrayList<>(
                settings.stream().map(Setting::describe).toList());
        lines.addAll(services);
        return List.copyOf(lines);
    }

    /** The launcher options and {@link #describe()}; never prints a secret. */
    @Override
    public String toString() {
        return "LoadedConfig[configFile=" + configFile.map(Path::toString).orElse("none")
                + ", helpRequested=" + helpRequested
                + ", versionRequested=" + versionRequested
                + ", values=" + describe() + "]";
    }
}
