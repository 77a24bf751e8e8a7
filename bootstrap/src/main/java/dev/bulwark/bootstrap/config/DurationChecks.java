package dev.bulwark.bootstrap.config;

import java.time.Duration;
import java.util.Objects;

/** The check the launcher's settings make of their durations, with the key in the message. Stateless. */
final class DurationChecks {

    private DurationChecks() {}

    /** Fails naming {@code key} unless {@code value} is set and above zero. */
    static void requirePositive(Duration value, String key) {
        Objects.requireNonNull(value, key);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }
}
