package dev.bulwark.ports.users;

import java.time.Instant;
import java.util.Objects;

/**
 * A place in the list of users ordered by {@code createdAt}, then {@code id}, for keyset pagination. Immutable.
 *
 * @param createdAt the creation time of the last user seen
 * @param id the id of the last user seen
 */
public record UserPosition(Instant createdAt, String id) {

    public UserPosition {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
    }

    /** The position of {@code user}: the next page starts after it. */
    public static UserPosition of(User user) {
        return new UserPosition(user.createdAt(), user.id());
    }
}
