package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigKey;
import java.util.Objects;

/**
 * A parsed value of one key and where it came from. Typed, so applying it to a configuration needs no cast.
 *
 * @param key the key
 * @param value the parsed value
 * @param source where it came from ({@code default}, {@code file ...}, {@code environment variable ...},
 *     {@code flag ...})
 * @param <T> the value's type
 */
record Setting<T>(ConfigKey<ServerConfig, T> key, T value, String source) {

    /** The source of a value nobody set. */
    static final String DEFAULT_SOURCE = "default";

    Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
    }

    /** The value {@code key} has in {@code config}, attributed to {@code source}. */
    static <T> Setting<T> current(ConfigKey<ServerConfig, T> key, ServerConfig config, String source) {
        return new Setting<>(key, key.valueIn(config), source);
    }

    /** {@code config} with this value set; throws {@link IllegalArgumentException} when the owner record rejects it. */
    ServerConfig applyTo(ServerConfig config) {
        return key.applyTo(config, value);
    }

    /** {@code key = value (source)}, the value redacted when the key is secret. */
    String describe() {
        return key.path() + " = " + key.display(value) + " (" + source + ")";
    }

    /** Same as {@link #describe()}: never prints a secret. */
    @Override
    public String toString() {
        return describe();
    }
}
