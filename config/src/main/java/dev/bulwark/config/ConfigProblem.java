package dev.bulwark.config;

import java.util.Objects;

/**
 * One problem with a configuration's values, typed so that whoever reports it (the server jar's loader, the Spring
 * Boot starter) reads the key it blames without parsing a message. Never holds a secret's value. Immutable.
 *
 * @param path the key it blames, as the settings record names it ({@code http.management-port}); a reader adds its
 *     own prefix ({@code bulwark.}) or replaces it with the name it knows the value by
 * @param reason what is wrong, worded to follow the key ({@code is the same as http.port (8080)})
 * @param fix how to fix it, worded to follow a colon; empty when the reason says it
 */
public record ConfigProblem(String path, String reason, String fix) {

    /** Requires every part; the path and reason must not be blank. */
    public ConfigProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(fix, "fix");
        if (path.isBlank() || reason.isBlank()) {
            throw new IllegalArgumentException("a config problem names its key and its reason");
        }
    }

    /** A problem whose reason says how to fix it. */
    public static ConfigProblem of(String path, String reason) {
        return new ConfigProblem(path, reason, "");
    }

    /** A problem with a fix. */
    public static ConfigProblem of(String path, String reason, String fix) {
        return new ConfigProblem(path, reason, fix);
    }

    /** The exception a settings record throws to refuse a value for this problem. */
    public ConfigProblemException refusal() {
        return new ConfigProblemException(this);
    }

    /** The reason and the fix, without the key: {@code is the same as http.port (8080): give it another port}. */
    public String detail() {
        return fix.isEmpty() ? reason : reason + ": " + fix;
    }

    /** The problem as one line: {@code <path> <reason>: <fix>}. */
    public String message() {
        return path + " " + detail();
    }

    /** {@link #message()}. */
    @Override
    public String toString() {
        return message();
    }
}
