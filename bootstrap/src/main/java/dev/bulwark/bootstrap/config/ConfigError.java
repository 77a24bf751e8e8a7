package dev.bulwark.bootstrap.config;

import java.util.Objects;

/**
 * One configuration problem. Never holds the value of a secret key, and never the value of an unknown key (it
 * might be a secret under a mistyped name).
 *
 * @param key the key concerned: a dotted path ({@code cache.ttl}), a launcher option ({@code config}), or the
 *     unknown key or flag as it was given
 * @param source where the offending value came from: {@code file <path>, line <n>},
 *     {@code environment variable <NAME>}, {@code flag --<name>} or {@code command line}
 * @param reason why it was refused, in words an operator can act on
 */
public record ConfigError(String key, String source, String reason) {

    /** Requires every part. */
    public ConfigError {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
    }

    /** One line: {@code key (source): reason}. */
    @Override
    public String toString() {
        return key + " (" + source + "): " + reason;
    }
}
