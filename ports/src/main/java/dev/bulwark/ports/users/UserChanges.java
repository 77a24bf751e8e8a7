package dev.bulwark.ports.users;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an update changes, and when. Immutable.
 *
 * @param name the new name, or empty to keep the current one
 * @param email the new email, or empty to keep the current one
 * @param updatedAt the time of the change, stored as the user's {@code updatedAt}
 */
public record UserChanges(Optional<String> name, Optional<String> email, Instant updatedAt) {

    public UserChanges {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
