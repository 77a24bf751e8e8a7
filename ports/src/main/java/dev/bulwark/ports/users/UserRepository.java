package dev.bulwark.ports.users;

import java.util.List;
import java.util.Optional;

/**
 * Stores the users of the user tools; each method atomic. Implementations must be thread-safe.
 */
public interface UserRepository {

    /**
     * Stores a new user.
     *
     * @throws DuplicateEmailException if another user has the same email
     */
    void insert(User user);

    /** The user with this id, or empty. */
    Optional<User> findById(String id);

    /**
     * Applies {@code changes} to the user with this id.
     *
     * @return the user as stored after the change, or empty if there is no user with this id
     * @throws DuplicateEmailException if the new email belongs to another user
     */
    Optional<User> update(String id, UserChanges changes);

    /** Deletes the user with this id; returns whether there was one. */
    boolean delete(String id);

    /**
     * Up to {@code limit} users ordered by {@code createdAt}, then {@code id}, starting after {@code after} (from
     * the first user when empty).
     *
     * @param limit at least 1
     */
    List<User> list(Optional<UserPosition> after, int limit);
}
