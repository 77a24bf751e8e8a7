package dev.bulwark.bootstrap.config;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One configuration key: every name it goes by, its type, its default and where it lands in {@link ServerConfig}.
 * The catalogue of all keys is {@link ConfigKeys}; the loader, {@code --help} and {@code docs/configuration.md} are
 * all derived from it.
 *
 * <p>The default is not stored here but read through {@link #getter()} from {@link ServerConfig#defaults()}, which is
 * made of each owner record's own {@code defaults()}: the record of the module that reads the setting stays the one
 * place that defines it.
 *
 * @param path the key in a config file, dotted ({@code cache.ttl}: {@code cache: { ttl: 300 }})
 * @param envVar the environment variable ({@code CACHE_TTL})
 * @param flag the command-line flag, with its leading dashes ({@code --cache-ttl})
 * @param type how the value is parsed and written back
 * @param description one line for {@code --help} and the docs
 * @param secret whether the value must never be printed (errors, help, logs, {@code toString})
 * @param getter reads this key's value from a configuration
 * @param setter returns a configuration with this key's value replaced; throws {@link IllegalArgumentException}
 *     when the owner record rejects the value
 * @param <T> the Java type of the value
 */
public record ConfigKey<T>(
        String path,
        String envVar,
        String flag,
        ConfigType<T> type,
        String description,
        boolean secret,
        Function<ServerConfig, T> getter,
        BiFunction<ServerConfig, T, ServerConfig> setter) {

    /** What {@link #display(Object)} shows instead of a secret value. */
    public static final String REDACTED = "****";

    private static final Pattern PATH = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");
    private static final Pattern ENV_VAR = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern FLAG = Pattern.compile("--[a-z][a-z0-9-]*");

    /** Checks the names' shapes so a typo in the catalogue fails at class initialisation, not in production. */
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
    }

    /** A non-secret key that defaults to its built-in value from {@link ServerConfig#defaults()}. */
    public static <T> ConfigKey<T> of(
            String path,
            String envVar,
            String flag,
            ConfigType<T> type,
            String description,
            Function<ServerConfig, T> getter,
            BiFunction<ServerConfig, T, ServerConfig> setter) {
        return new ConfigKey<>(path, envVar, flag, type, description, false, getter, setter);
    }

    /** This key, marked secret: its value is never printed. */
    public ConfigKey<T> asSecret() {
        return new ConfigKey<>(path, envVar, flag, type, description, true, getter, setter);
    }

    /** The first segment of the path: the section of the config file ({@code cache}). */
    public String section() {
        return path.substring(0, path.indexOf('.'));
    }

    /** The built-in default, read from {@link ServerConfig#defaults()}. */
    public T defaultValue() {
        return getter.apply(ServerConfig.defaults());
    }

    /** The default as shown in {@code --help} and the docs: the formatted built-in value, or {@code (secret)}. */
    public String defaultText() {
        return secret ? "(secret)" : type.format(defaultValue());
    }

    /** {@code value} as it may be shown to a person: formatted, or {@value #REDACTED} for a secret key. */
    public String display(T value) {
        return secret ? REDACTED : type.format(value);
    }

    /** The value of this key in {@code config}. */
    public T valueIn(ServerConfig config) {
        return getter.apply(config);
    }

    /** {@code config} with this key set to {@code value}; the owner record validates it. */
    public ServerConfig applyTo(ServerConfig config, T value) {
        return setter.apply(config, value);
    }

    /**
     * The path's hash: equal keys have equal paths. Written out because the record's own hashes every component
     * through a method handle that JDK 17 links at the first call, which the start pays for keys used in maps.
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
