package dev.bulwark.bootstrap.config;

import dev.bulwark.bootstrap.config.ConfigFileReader.FileValues;
import dev.bulwark.bootstrap.config.ConfigFileReader.RawValue;
import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigProblem;
import dev.bulwark.config.ConfigProblemException;
import dev.bulwark.config.ConfigType;
import dev.bulwark.config.Suggestions;
import dev.bulwark.mcpclient.UpstreamSettings;
import dev.bulwark.monitor.MonitorTarget;
import dev.bulwark.outbound.ServiceSettings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Loads the configuration from, in rising precedence: the built-in defaults ({@link ServerConfig#defaults()}), a
 * config file ({@code --config} or {@code MCP_CONFIG}; YAML or JSON by extension), environment variables, and
 * command-line flags. It only reads: it never prints, logs or exits.
 */
public final class ConfigLoader {

    /** What a flag's name looks like: an unknown flag is echoed only when it does. */
    private static final Pattern FLAG_NAME = Pattern.compile("--?[a-z][a-z0-9.-]{0,63}");

    private static final String COMMAND_LINE = "command line";
    private static final String ENV_PREFIX = "MCP_";
    private static final String BOOLEAN_FLAG_VALUE =
            "takes no value, or true or false; the argument after it is not true or false";

    private final List<ConfigKey<ServerConfig, ?>> keys;
    private final Map<String, ConfigKey<ServerConfig, ?>> keysByFlag = new HashMap<>();
    private final ConfigFileReader fileReader;
    private final Function<ServerConfig, List<ConfigError>> valueChecks;

    /** A loader for the full catalogue, {@link ConfigKeys#all()}. */
    public ConfigLoader() {
        this(ConfigKeys.all());
    }

    /**
     * A loader for another catalogue, for example one extended with keys of an embedding application.
     *
     * @throws IllegalArgumentException if the catalogue is not coherent (see {@link ConfigKeys#validate(List)})
     */
    public ConfigLoader(List<ConfigKey<ServerConfig, ?>> keys) {
        this.keys = List.copyOf(ConfigKeys.validate(List.copyOf(keys)));
        this.keys.forEach(key -> keysByFlag.put(key.flag(), key));
        this.fileReader = new ConfigFileReader(this.keys);
        this.valueChecks = config -> List.of();
    }

    private ConfigLoader(ConfigLoader from, Function<ServerConfig, List<ConfigError>> valueChecks) {
        this.keys = from.keys;
        this.keysByFlag.putAll(from.keysByFlag);
        this.fileReader = from.fileReader;
        this.valueChecks = Objects.requireNonNull(valueChecks, "valueChecks");
    }

    /**
     * This loader, also reporting the problems {@code checks} finds in the values (those the adapters judge, such as
     * a database URL of another database) whenever the configuration has other problems, so one report holds them
     * all. A configuration without other problems loads, and its caller runs the same checks when it is ready to
     * (the launcher does, after logging the start-up warnings). A problem whose source is
     * {@link StartupConfigException#WIRING_SOURCE} gets its key's source.
     */
    public ConfigLoader withValueChecks(Function<ServerConfig, List<ConfigError>> checks) {
        return new ConfigLoader(this, checks);
    }

    /**
     * Loads the configuration, collecting every problem before anything is thrown: unknown flags and file keys (with
     * a "did you mean"), malformed values in any source (even one a higher source overrides), values the settings
     * records refuse, and a missing, unreadable or unparsable file. Environment variables the catalogue does not name
     * are ignored, and a blank one counts as unset.
     *
     * @param args the command-line arguments, as {@code main} received them
     * @param env the environment, normally {@link System#getenv()}
     * @return the configuration and launcher options; when help or version is requested, only the command line
     *     is read (see {@link LoadedConfig})
     * @throws ConfigException listing every problem found
     */
    public LoadedConfig load(List<String> args, Map<String, String> env) throws ConfigException {
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(env, "env");
        List<ConfigError> errors = new ArrayList<>();
        CommandLine commandLine = parseCommandLine(args, errors);
        if (commandLine.help || commandLine.version) {
            ServerConfig defaults = ServerConfig.defaults();
            return new LoadedConfig(
                    defaults,
                    Optional.empty(),
                    commandLine.help,
                    commandLine.version,
                    keys.stream()
                            .<Setting<?>>map(key -> Setting.current(key, defaults, Setting.DEFAULT_SOURCE))
                            .toList());
        }

        Optional<RawValue> fileReference = Optional.ofNullable(commandLine.configFile)
                .or(() -> fromEnv(env, LauncherOption.CONFIG.envVar().orElseThrow()));
        FileValues file = fileReference
                .map(reference -> fileReader.read(reference, errors))
                .orElse(FileValues.NONE);
        Map<ConfigKey<ServerConfig, ?>, RawValue> fileValues = file.values();

        Map<ConfigKey<ServerConfig, ?>, Setting<?>> explicit = new LinkedHashMap<>();
        for (ConfigKey<ServerConfig, ?> key : keys) {
            RawValue fromEnv = SeedVariables.fromEnv(key, env, errors).orElse(null);
            List<RawValue> highestFirst = new ArrayList<>(commandLine.values.getOrDefault(key, List.of()));
            highestFirst.addAll(Arrays.asList(fromEnv, fileValues.get(key)));
            resolve(key, highestFirst, errors).ifPresent(setting -> explicit.put(key, setting));
        }
        List<String> serviceSources = new ArrayList<>();
        Map<String, String> serviceFieldSources = new HashMap<>();
        List<ServiceSettings> partialServices = new ArrayList<>();
        List<ServiceSettings> services = NamedRecords.build(
                ServiceEntries.SERVICES,
                file.services(),
                env,
                serviceSources,
                serviceFieldSources,
                errors,
                partialServices);
        errors.addAll(ServiceFields.sharedCredentialVariables(file.services()));
        List<MonitorTarget> targets = NamedRecords.build(
                MonitorEntries.TARGETS,
                file.targets(),
                env,
                serviceSources,
                new HashMap<>(),
                errors,
                new ArrayList<>());
        List<UpstreamSettings> upstreams = NamedRecords.build(
                UpstreamEntries.UPSTREAMS,
                file.upstreams(),
                env,
                serviceSources,
                new HashMap<>(),
                errors,
                new ArrayList<>());
        List<ViewSettings> views = NamedRecords.build(
                ViewEntries.VIEWS, file.views(), env, serviceSources, serviceFieldSources, errors, new ArrayList<>());
        for (ConfigProblem problem : ViewSettings.problemsAcross(views)) {
            errors.add(new ConfigError(
                    problem.path(),
                    serviceFieldSources.getOrDefault(problem.path(), Setting.DEFAULT_SOURCE),
                    problem.detail()));
        }
        ServerConfig defaults = ServerConfig.defaults();
        ServerConfig config = defaults.toBuilder()
                .outbound(defaults.outbound().withServices(services))
                .monitor(defaults.monitor().withTargets(targets))
                .upstreams(upstreams)
                .views(views)
                .build();
        // Each value on top of those before it, in catalogue order, so a value that is valid only with another
        // (a large extra burst with a large per-minute limit, not with the default one) is accepted. A value refused
        // there is reported as refused alone when it is (checked against the defaults); else it breaks a rule across
        // keys, each accepted alone, and is reported under the key the rule's message names.
        // Rules across keys are judged in the same pass as every other problem, except a rule naming a key whose
        // value could not be used: that key kept its default, which the file or command line did not mean.
        CrossKeyRules rules = new CrossKeyRules(keys, explicit.keySet(), errors);
        List<ConfigError> acrossKeys = new ArrayList<>();
        for (Setting<?> setting : explicit.values()) {
            try {
                config = setting.applyTo(config);
            } catch (IllegalArgumentException e) {
                Optional<IllegalArgumentException> alone = refusalAlone(setting, defaults);
                if (alone.isPresent()) {
                    rules.refused(setting.key());
                    errors.add(new ConfigError(
                            setting.key().path(), setting.source(), rejection(setting.key(), alone.get())));
                } else if (rules.judgedOnMeantValues(String.valueOf(e.getMessage()))) {
                    Setting<?> blamed = blame(e, explicit, setting);
                    acrossKeys.add(new ConfigError(blamed.key().path(), blamed.source(), rejection(blamed.key(), e)));
                }
            }
        }
        acrossKeys.stream()
                .filter(error -> rules.judgedOnMeantValues(error.key() + " " + error.reason()))
                .forEach(errors::add);
        for (ConfigProblem problem : config.problems()) {
            if (!rules.judgedOnMeantValues(problem.message())) {
                continue;
            }
            Setting<?> blamed = explicit.values().stream()
                    .filter(setting -> setting.key().path().equals(problem.path()))
                    .findFirst()
                    .orElse(null);
            errors.add(new ConfigError(
                    problem.path(), blamed == null ? Setting.DEFAULT_SOURCE : blamed.source(), problem.detail()));
        }
        // The checks of values run with the services that have problems too, as far as they could be read, so that a
        // problem of one field does not hide those of the service's document; a key of theirs already refused keeps
        // its problem, rather than one found with the default in its place.
        List<ServiceSettings> checkedServices = new ArrayList<>(services);
        checkedServices.addAll(partialServices);
        ServerConfig checked = partialServices.isEmpty()
                ? config
                : config.toBuilder()
                        .outbound(config.outbound().withServices(checkedServices))
                        .build();
        List<String> refusedKeys = errors.stream().map(ConfigError::key).toList();
        for (ConfigError problem : errors.isEmpty() ? List.<ConfigError>of() : valueChecks.apply(checked)) {
            ConfigError located = locate(problem, explicit, serviceFieldSources);
            boolean ofPartialService = partialServices.stream()
                    .anyMatch(service -> located.key().startsWith(ServiceFields.SECTION + "." + service.name() + "."));
            if (rules.judgedOnMeantValues(located.key() + " " + located.reason())
                    && !(ofPartialService && refusedKeys.contains(located.key()))) {
                errors.add(located);
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        ServerConfig loaded = config;
        List<Setting<?>> effective = keys.stream()
                .<Setting<?>>map(key -> explicit.containsKey(key)
                        ? explicit.get(key)
                        : Setting.current(key, loaded, Setting.DEFAULT_SOURCE))
                .toList();
        Optional<Path> configFile = fileReference.map(reference -> toPath(reference.text()));
        List<String> warnings = new ArrayList<>(SecretFlags.warnings(commandLine.values.keySet()));
        warnings.addAll(unknownEnvironmentVariables(env));
        return new LoadedConfig(
                        loaded, configFile, false, false, effective, warnings, serviceSources, serviceFieldSources)
                .withWorker(commandLine.worker);
    }

    // ------------------------------------------------------------------------------------------- command line

    /** The command line, split into launcher options and raw key values. */
    private static final class CommandLine {
        /** Each key's flag values, the last given first: the last wins, and every earlier one is still checked. */
        private final Map<ConfigKey<ServerConfig, ?>, List<RawValue>> values = new HashMap<>();

        private RawValue configFile;
        private boolean help;
        private boolean version;
        private boolean worker;

        private void put(ConfigKey<ServerConfig, ?> key, RawValue value) {
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(0, value);
        }
    }

    /**
     * Reads {@code --name value} and {@code --name=value}; a boolean flag may be bare ({@code --debug}) or followed by
     * {@code true} or {@code false}, and a flag given twice takes its last value, an earlier malformed one reported
     * all the same.
     */
    private CommandLine parseCommandLine(List<String> args, List<ConfigError> errors) {
        CommandLine commandLine = new CommandLine();
        int valueMissedAt = -1; // the index after a flag that needed a value and found none
        for (int i = 0; i < args.size(); i++) {
            String arg = Objects.requireNonNull(args.get(i), "args must not hold null");
            if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
                // Never echo it: a stray argument may be a secret whose flag was mistyped or forgotten.
                errors.add(new ConfigError(
                        "argument " + (i + 1),
                        COMMAND_LINE,
                        "unexpected argument; options are written --name value or --name=value"));
                continue;
            }
            int equals = arg.indexOf('=');
            String flag = equals < 0 ? arg : arg.substring(0, equals);
            String inlineValue = equals < 0 ? null : arg.substring(equals + 1);
            String next = i + 1 < args.size() ? args.get(i + 1) : null;
            boolean nextIsValue = next != null && !next.startsWith("--");
            String source = "flag " + flag;

            if (flag.equals(LauncherOption.HELP.flag()) || flag.equals(LauncherOption.VERSION.flag())) {
                if (inlineValue != null) {
                    errors.add(new ConfigError(flag, source, "takes no value"));
                } else if (flag.equals(LauncherOption.HELP.flag())) {
                    commandLine.help = true;
                } else {
                    commandLine.version = true;
                }
            } else if (flag.equals(LauncherOption.WORKER.flag())) {
                if (inlineValue != null) {
                    errors.add(new ConfigError(flag, source, "takes no value"));
                } else {
                    commandLine.worker = true;
                }
            } else if (flag.equals(LauncherOption.CONFIG.flag())) {
                if (inlineValue != null) {
                    commandLine.configFile = new RawValue(inlineValue, source);
                } else if (nextIsValue) {
                    commandLine.configFile = new RawValue(next, source);
                    i++;
                } else {
                    errors.add(new ConfigError(LauncherOption.CONFIG.key(), source, "needs a file path"));
                }
            } else if (keysByFlag.containsKey(flag)) {
                ConfigKey<ServerConfig, ?> key = keysByFlag.get(flag);
                if (inlineValue != null) {
                    commandLine.put(key, new RawValue(inlineValue, source));
                } else if (key.type().isBoolean()) {
                    boolean nextIsBoolean = nextIsValue && isBooleanLiteral(next);
                    if (nextIsValue && !nextIsBoolean && !next.startsWith("-")) {
                        // --debug maybe: the word is the flag's value gone wrong, not a stray argument; never echo
                        // it all the same, it may be a secret whose own flag was forgotten.
                        errors.add(new ConfigError(key.path(), source, BOOLEAN_FLAG_VALUE));
                        i++;
                        continue;
                    }
                    commandLine.put(key, new RawValue(nextIsBoolean ? next : "true", source));
                    if (nextIsBoolean) {
                        i++;
                    }
                } else if (nextIsValue) {
                    commandLine.put(key, new RawValue(next, source));
                    i++;
                } else {
                    errors.add(new ConfigError(
                            key.path(), source, "needs a value (" + key.type().name() + ")"));
                    valueMissedAt = i + 1;
                }
            } else if (valueMissedAt == i || !FLAG_NAME.matcher(flag).matches()) {
                // Never echo it: after a flag that found no value it is most likely that value (a secret starting
                // with --), and a word that is no flag name may be one too.
                errors.add(new ConfigError(
                        "argument " + (i + 1),
                        COMMAND_LINE,
                        "unknown flag (not shown: it may be"
                                + " a value; write --name=value for a value that starts with -)"));
            } else {
                String bareName = flag.replaceFirst("^-+", "");
                errors.add(new ConfigError(
                        flag,
                        COMMAND_LINE,
                        "unknown flag" + Suggestions.didYouMean("--" + bareName, ConfigKeys.flags(keys))));
                if (inlineValue == null && nextIsValue && !next.startsWith("-")) {
                    i++; // most likely its value: skip it rather than report it as a stray argument
                }
            }
        }
        return commandLine;
    }

    private static boolean isBooleanLiteral(String text) {
        try {
            ConfigType.BOOLEAN.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // --------------------------------------------------------------------------------------------- resolution

    /**
     * A warning for each set {@value #ENV_PREFIX} variable the catalogue does not name, sorted: it is ignored, and
     * most likely meant one that is named. Only names are given, never values.
     */
    private List<String> unknownEnvironmentVariables(Map<String, String> env) {
        List<String> known = ConfigKeys.envVars(keys);
        return env.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(ENV_PREFIX) && !known.contains(entry.getKey()))
                .filter(entry -> entry.getValue() != null && !entry.getValue().isBlank())
                .map(Map.Entry::getKey)
                .sorted()
                .map(name -> "environment variable " + name + " is not a setting and is ignored"
                        + Suggestions.didYouMean(name, known))
                .toList();
    }

    static Optional<RawValue> fromEnv(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank()
                ? Optional.empty()
                : Optional.of(new RawValue(value, "environment variable " + name));
    }

    /**
     * Parses every value given for {@code key}, highest precedence first, reporting each malformed one; the
     * highest one wins when it parses.
     */
    private static <T> Optional<Setting<T>> resolve(
            ConfigKey<ServerConfig, T> key, List<RawValue> highestFirst, List<ConfigError> errors) {
        Setting<T> winner = null;
        boolean decided = false;
        for (RawValue raw : highestFirst) {
            if (raw == null) {
                continue;
            }
            try {
                T value = key.type().parse(raw.text());
                if (!decided) {
                    winner = new Setting<>(key, value, raw.source());
                }
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(key.path(), raw.source(), quote(key, raw.text()) + " " + e.getMessage()));
            }
            decided = true;
        }
        return Optional.ofNullable(winner);
    }

    /** Why {@code setting} is refused on top of the defaults alone; empty when it is accepted there. */
    private static Optional<IllegalArgumentException> refusalAlone(Setting<?> setting, ServerConfig defaults) {
        try {
            setting.applyTo(defaults);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e);
        }
    }

    /** The key a refusal names ({@link ConfigProblemException}); else the key being applied. */
    private static Setting<?> blame(
            IllegalArgumentException e, Map<ConfigKey<ServerConfig, ?>, Setting<?>> explicit, Setting<?> applying) {
        if (!(e instanceof ConfigProblemException refusal)) {
            return applying;
        }
        return explicit.values().stream()
                .filter(setting -> setting.key().path().equals(refusal.problem().path()))
                .findFirst()
                .orElse(applying);
    }

    /**
     * Why a settings record rejected a value: its problem without the key, or, for a secret key refused otherwise, a
     * message that says nothing about the value (a message that is no {@link ConfigProblem} may quote it).
     */
    private static String rejection(ConfigKey<ServerConfig, ?> key, IllegalArgumentException e) {
        if (e instanceof ConfigProblemException refusal) {
            return refusal.problem().detail();
        }
        if (key.secret()) {
            return "the value is not valid (details withheld: the key is secret)";
        }
        return String.valueOf(e.getMessage());
    }

    /** The value as an error may show it: quoted and shortened, or not at all for a secret key. */
    private static String quote(ConfigKey<ServerConfig, ?> key, String text) {
        if (key.secret()) {
            return "the value";
        }
        String printable = text.strip().replaceAll("\\p{Cntrl}", "?");
        return "'" + (printable.length() > 60 ? printable.substring(0, 57) + "..." : printable) + "'";
    }

    /** {@code problem} with its key's source when it gives {@link StartupConfigException#WIRING_SOURCE}. */
    private static ConfigError locate(
            ConfigError problem,
            Map<ConfigKey<ServerConfig, ?>, Setting<?>> explicit,
            Map<String, String> serviceFieldSources) {
        if (!problem.source().equals(StartupConfigException.WIRING_SOURCE)) {
            return problem;
        }
        return explicit.values().stream()
                .filter(setting -> setting.key().path().equals(problem.key()))
                .findFirst()
                .map(Setting::source)
                .or(() -> Optional.ofNullable(serviceFieldSources.get(problem.key())))
                .map(source -> new ConfigError(problem.key(), source, problem.reason()))
                .orElse(problem);
    }

    private static Path toPath(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalStateException("the config file path was checked when the file was read", e);
        }
    }
}
