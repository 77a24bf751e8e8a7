package dev.bulwark.config;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One configuration key: every name it goes by, its type, and the component of its owner, the settings record
 * {@code S} of the module that reads it, which it reads and sets. A module's key table is a list of these, over its
 * own record; {@link #within} binds a key to a record that holds the owner, such as the server jar's whole
 * configuration.
 *
 * <p>The default is not stored here but read through {@link #getter()} from the owner's own {@code defaults()}: the
 * record stays the one place that defines it. Two keys are equal when their paths are, whatever record they are over.
 * Immutable and thread-safe when its functions are.
 *
 * @param path the key in a config file, dotted ({@code cache.ttl}: {@code cache: { ttl: 300 }})
 * @param envVar the environment variable ({@code CACHE_TTL})
 * @param flag the command-line flag, with its leading dashes ({@code --cache-ttl})
 * @param type how the value is parsed and written back
 * @param description one line for {@code --help} and the docs
 * @param secret whether the value must never be printed (errors, help, logs, {@code toString}); always true for
 *     {@link ConfigType#SECRET}
 * @param getter reads this key's value from a record
 * @param setter returns a record with this key's value replaced; throws {@link IllegalArgumentException} when the
 *     owner record rejects the value
 * @param <S> the record the key is over
 * @param <T> the Java type of the value
 */
public record ConfigKey<S, T>(
        String path,
        String envVar,
        String flag,
        ConfigType<T> type,
        String description,
        boolean secret,
        Function<S, T> getter,
        BiFunction<S, T, S> setter) {

    /** What {@link #display(Object)} shows instead of a secret value. */
    public static final String REDACTED = "****";

    private static final Pattern PATH = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");
    private static final Pattern ENV_VAR = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern FLAG = Pattern.compile("--[a-z][a-z0-9-]*");

    /** Checks the names' shapes so a typo in a key table fails at class initialisation, not in production. */
    public ConfigKey {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(envVar, "envVar");
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(getter, "getter");
        Objects.requireNonNull(setter, "setter");
        if (!PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("config key path must be dotted lower-case kebab segments: " + path);
        }
        if (!ENV_VAR.matcher(envVar).matches()) {
            throw new IllegalArgumentException("environment variable must be UPPER_SNAKE_CASE: " + envVar);
        }
        if (!FLAG.matcher(flag).matches()) {
            throw new IllegalArgumentException("flag must be --lower-kebab-case: " + flag);
        }
        if (description.isBlank()) {
            throw new IllegalArgumentException("description of " + path + " must not be blank");
        }
        secret = secret || type.isSecret();
    }

    /** A key, secret only when its type is {@link ConfigType#SECRET}. */
    public static <S, T> ConfigKey<S, T> of(
            String path,
            String envVar,
            String flag,
            ConfigType<T> type,
            String description,
            Function<S, T> getter,
            BiFunction<S, T, S> setter) {
        return new ConfigKey<>(path, envVar, flag, type, description, false, getter, setter);
    }

    /** This key, marked secret: its value is never printed. */
    public ConfigKey<S, T> asSecret() {
        return new ConfigKey<>(path, envVar, flag, type, description, true, getter, setter);
    }

    /**
     * This key over a record {@code R} that holds its owner: same names, type and description; it reads the owner
     * with {@code owner} and sets it back with {@code withOwner}.
     */
    public <R> ConfigKey<R, T> within(Function<R, S> owner, BiFunction<R, S, R> withOwner) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(withOwner, "withOwner");
        return new ConfigKey<>(
                path,
                envVar,
                flag,
                type,
                description,
                secret,
                record -> getter.apply(owner.apply(record)),
                (record, value) -> withOwner.apply(record, setter.apply(owner.apply(record), value)));
    }

    /** The first segment of the path: the section of the config file ({@code cache}). */
    public String section() {
        return path.substring(0, path.indexOf('.'));
    }

    /** The value of this key in {@code record}. */
    public T valueIn(S record) {
        return getter.apply(record);
    }

    /** {@code record} with this key set to {@code value}; the owner record validates it. */
    public S applyTo(S record, T value) {
        return setter.apply(record, value);
    }

    /**
     * The default as shown in {@code --help} and the docs: the formatted value in {@code defaults} (the owner's
     * {@code defaults()}, or a record of them), or {@code (secret)}.
     */
    public String defaultText(S defaults) {
        return secret ? "(secret)" : type.format(valueIn(defaults));
    }

    /** {@code value} as it may be shown to a person: formatted, or {@value #REDACTED} for a secret key. */
    public String display(T value) {
        return secret ? REDACTED : type.format(value);
    }

    /** Equal paths: a key is named by its path, whatever record it is over. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ConfigKey<?, ?> key && key.path.equals(path);
    }

    /**
     * The path's hash. Written out because the record's own hashes every component through a method handle that JDK
     * 17 links at the first call, which the start pays for keys used in maps.
     */
    @Override
    public int hashCode() {
        return path.hashCode();
    }

    /** The path only: a key is named by its path, and printing it must never print a function or a value. */
    @Override
    public String toString() {
        return path;
    }
}
