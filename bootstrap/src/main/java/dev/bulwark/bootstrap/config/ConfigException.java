package dev.bulwark.bootstrap.config;

import java.util.List;
import java.util.Objects;

/**
 * The configuration could not be loaded: every problem found, reported together so an operator fixes them in one
 * pass. The launcher prints each of {@link #errors()} on a line of its own to standard error (its own header and
 * footer; {@link #getMessage()} is the same list for a program that embeds the loader) and exits with status
 * {@value #EXIT_CODE} before opening any port.
 */
public final class ConfigException extends Exception {

    /** The exit status the launcher uses for a configuration error (2, the usual status for a usage error). */
    public static final int EXIT_CODE = 2;

    private final List<ConfigError> errors;

    /**
     * @param errors the problems, at least one, in the order found
     */
    public ConfigException(List<ConfigError> errors) {
        super(message(errors));
        this.errors = List.copyOf(errors);
    }

    /** Every problem, in the order found. */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String message(List<ConfigError> errors) {
        Objects.requireNonNull(errors, "errors");
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        StringBuilder message = new StringBuilder("Invalid configuration (")
                .append(errors.size())
                .append(errors.size() == 1 ? " error" : " errors")
                .append("):");
        errors.forEach(
                error -> message.append(System.lineSeparator()).append("  - ").append(error));
        return message.append(System.lineSeparator())
                .append("Run with --help to list every option.")
                .toString();
    }
}
