package dev.bulwark.bootstrap.config;

import java.util.Objects;

/**
 * A configuration problem found while the server is being wired, after the keys themselves were accepted: a file a
 * key names cannot be used (for example the API keys file). The launcher reports it like any configuration error
 * and exits with {@link ConfigException#EXIT_CODE}. Its message is safe to print: it never holds a secret.
 */
public final class StartupConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ConfigError error;

    public StartupConfigException(ConfigError error) {
        super(Objects.requireNonNull(error, "error").toString());
        this.error = error;
    }

    /** The problem. */
    public ConfigError error() {
        return error;
    }
}
