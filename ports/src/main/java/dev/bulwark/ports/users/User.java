package dev.bulwark.ports.users;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored user, its email unique among users. Immutable.
 *
 * @param id the stable id, a lower-case UUID
 * @param name the display name, trimmed
 * @param email the email address
 * @param createdAt when the user was created; an implementation keeps at least microsecond precision
 * @param updatedAt when the user was last changed, equal to {@code createdAt} until then
 */
public record User(String id, String name, String email, Instant createdAt, Instant updatedAt) {

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
