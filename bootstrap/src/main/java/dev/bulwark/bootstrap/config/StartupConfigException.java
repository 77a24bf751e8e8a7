package dev.bulwark.bootstrap.config;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A configuration problem found while the server is being wired, after the keys themselves were accepted: a file a
 * key names cannot be used (for example the API keys file). The launcher reports it like any configuration error
 * and exits with {@link ConfigException#EXIT_CODE}. Its message is safe to print: it never holds a secret.
 */
public final class StartupConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * The source a module gives when it knows the key but not where its value came from; the launcher replaces it
     * with the key's own source ({@link LoadedConfig#locate(ConfigError)}).
     */
    public static final String WIRING_SOURCE = "configuration";

    private final transient List<ConfigError> errors;

    public StartupConfigException(ConfigError error) {
        this(List.of(Objects.requireNonNull(error, "error")));
    }

    /** Several problems found in one pass, reported together; at least one. */
    public StartupConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("; ")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a configuration refusal names at least one problem");
        }
        this.errors = List.copyOf(errors);
    }

    /**
     * A value of {@code key} refused while the server was wired, for a module that knows the key but not where its
     * value came from: the launcher names the source ({@link LoadedConfig#locate(ConfigError)}).
     *
     * @param key the key's path, such as {@code database.url}
     * @param problem what is wrong, safe to print
     */
    public static StartupConfigException refused(String key, String problem) {
        return new StartupConfigException(new ConfigError(key, WIRING_SOURCE, problem));
    }

    /** The first problem. */
    public ConfigError error() {
        return errors.get(0);
    }

    /** Every problem, in the order found. */
    public List<ConfigError> errors() {
        return errors;
    }
}
