package dev.bulwark.serve.config;

import java.time.Duration;
import java.util.Objects;

/** The checks the settings records share; each message starts with the key it names. */
final class Checks {

    private Checks() {}

    static void requireText(String value, String key) {
        Objects.requireNonNull(value, key);
        if (value.isBlank()) {
            throw new IllegalArgumentException(key + " must not be blank");
        }
    }

    static void requirePositive(Duration value, String key) {
        Objects.requireNonNull(value, key);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }
}
