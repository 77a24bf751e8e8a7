package dev.bulwark.bootstrap.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue of every configuration key, in the order {@code --help} and the docs list them: the key tables
 * {@link CoreKeys}, {@link HttpKeys}, {@link AuthKeys}, {@link RedisKeys}, {@link DatabaseKeys},
 * {@link ToolPackKeys},
 * {@link ServiceKeys}, {@link MonitorKeys}, {@link TracingKeys} and {@link TaskKeys}, one a section of the config file, one after the
 * other (the file's {@code services} and {@code monitor.targets} sections of named records are read apart: see
 * {@link ServiceKeys} and {@link MonitorKeys}). Each key maps onto exactly one field of {@link ServerConfig}, in the record
 * of the module that reads it, and reads its default from there.
 *
 * <p>Adding a setting touches three places:
 * <ol>
 *   <li>its owner, the settings record of the module that reads it: the field, its {@code DEFAULT_} constant and
 *       its check in the constructor, and the builder's setter when the record has one;
 *   <li>its key table in this package: a constant ({@code ConfigKey.of(path, environment variable, flag, type,
 *       description, getter, setter)}) in the table of its section, listed in that table's {@code all()};
 *   <li>its row in {@code docs/configuration.md} ({@code ConfigurationDocsTest} fails until it is there).
 * </ol>
 * A new section, or a record no section holds yet, also needs a component of {@link ServerConfig} (or of the core's
 * {@code BulwarkConfig}) and a way to set it in {@link Sections}.
 */
public final class ConfigKeys {

    private static final List<ConfigKey<?>> ALL = concat(
            CoreKeys.all(),
            HttpKeys.all(),
            AuthKeys.all(),
            RedisKeys.all(),
            DatabaseKeys.all(),
            ToolPackKeys.all(),
            ServiceKeys.all(),
            MonitorKeys.all(),
            TracingKeys.all(),
            TaskKeys.all());

    static {
        validate(ALL);
    }

    private ConfigKeys() {}

    /** Every key, in catalogue order. */
    public static List<ConfigKey<?>> all() {
        return ALL;
    }

    @SafeVarargs
    private static List<ConfigKey<?>> concat(List<ConfigKey<?>>... tables) {
        List<ConfigKey<?>> keys = new ArrayList<>();
        for (List<ConfigKey<?>> table : tables) {
            keys.addAll(table);
        }
        return List.copyOf(keys);
    }

    /** The key with this dotted path, if any. */
    public static Optional<ConfigKey<?>> byPath(String path) {
        return ALL.stream().filter(key -> key.path().equals(path)).findFirst();
    }

    /**
     * Checks that a catalogue is coherent: paths, environment variables and flags unique (launcher options
     * included), and no path nested under another.
     *
     * @return {@code keys}, for chaining
     * @throws IllegalArgumentException naming the first clash found
     */
    public static List<ConfigKey<?>> validate(List<ConfigKey<?>> keys) {
        Objects.requireNonNull(keys, "keys");
        Set<String> paths = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (LauncherOption option : LauncherOption.values()) {
            requireUnique(names, option.flag());
            option.envVar().ifPresent(envVar -> requireUnique(names, envVar));
        }
        for (ConfigKey<?> key : keys) {
            requireUnique(paths, key.path());
            requireUnique(names, key.envVar());
            requireUnique(names, key.flag());
        }
        for (ConfigKey<?> key : keys) {
            for (String other : paths) {
                if (other.startsWith(key.path() + ".")) {
                    throw new IllegalArgumentException(other + " is nested under the key " + key.path());
                }
            }
        }
        return keys;
    }

    /** The sections of a catalogue: every proper prefix of a path ({@code cache}, {@code rate-limit}). */
    static Set<String> sections(List<ConfigKey<?>> keys) {
        Set<String> sections = new LinkedHashSet<>();
        for (ConfigKey<?> key : keys) {
            String path = key.path();
            for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
                sections.add(path.substring(0, dot));
            }
        }
        return sections;
    }

    /** Every flag: the launcher's and the catalogue's. */
    static List<String> flags(List<ConfigKey<?>> keys) {
        List<String> flags = new ArrayList<>();
        for (LauncherOption option : LauncherOption.values()) {
            flags.add(option.flag());
        }
        keys.forEach(key -> flags.add(key.flag()));
        return flags;
    }

    /** Every environment variable: the launcher's, the catalogue's and the seeds' aliases ({@link SeedVariables}). */
    static List<String> envVars(List<ConfigKey<?>> keys) {
        List<String> envVars = new ArrayList<>();
        for (LauncherOption option : LauncherOption.values()) {
            option.envVar().ifPresent(envVars::add);
        }
        keys.forEach(key -> envVars.add(key.envVar()));
        envVars.addAll(SeedVariables.envVars());
        return envVars;
    }

    private static void requireUnique(Set<String> seen, String name) {
        if (!seen.add(name)) {
            throw new IllegalArgumentException("configuration name used twice: " + name);
        }
    }
}
