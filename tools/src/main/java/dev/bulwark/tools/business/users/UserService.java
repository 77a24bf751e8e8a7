package dev.bulwark.tools.business.users;

import dev.bulwark.ports.users.DuplicateEmailException;
import dev.bulwark.ports.users.User;
import dev.bulwark.ports.users.UserChanges;
import dev.bulwark.ports.users.UserPosition;
import dev.bulwark.tools.data.users.UserGateway;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Creates, reads, updates, lists and deletes users. Thread-safe.
 */
public final class UserService {

    /** The most users one page may hold. */
    public static final int MAX_PAGE_SIZE = 100;
    /** The page size when the caller gives none. */
    public static final int DEFAULT_PAGE_SIZE = 20;

    private final UserGateway users;
    private final Clock clock;
    private final Supplier<UUID> ids;

    /**
     * @param users the store
     * @param clock the source of creation and update times
     * @param ids the source of new ids; {@code UUID::randomUUID} in production
     */
    /** A service on {@code repository}, with random UUIDs as ids. */
    public static UserService on(dev.bulwark.ports.users.UserRepository repository, Clock clock) {
        return new UserService(new UserGateway(repository), clock, UUID::randomUUID);
    }

    public UserService(UserGateway users, Clock clock, Supplier<UUID> ids) {
        this.users = Objects.requireNonNull(users, "users");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /** Creates a user with a new id. */
    public User create(String name, String email) {
        String validName = UserRules.name(name);
        String validEmail = UserRules.email(email);
        Instant now = now();
        User user = new User(ids.get().toString(), validName, validEmail, now, now);
        try {
            users.insert(user);
        } catch (DuplicateEmailException e) {
            throw new UserConflictException(validEmail, e);
        }
        return user;
    }

    /** The user with this id. */
    public User get(String id) {
        String validId = UserRules.id(id);
        return users.findById(validId).orElseThrow(() -> new UserNotFoundException(validId));
    }

    /** Changes a user's name, email or both; at least one must be given. */
    public User update(String id, Optional<String> name, Optional<String> email) {
        String validId = UserRules.id(id);
        if (name.isEmpty() && email.isEmpty()) {
            throw new InvalidUserInputException("update", "give a new name, a new email, or both");
        }
        Optional<String> validName = name.map(UserRules::name);
        Optional<String> validEmail = email.map(UserRules::email);
        try {
            return users.update(validId, new UserChanges(validName, validEmail, now()))
                    .orElseThrow(() -> new UserNotFoundException(validId));
        } catch (DuplicateEmailException e) {
            throw new UserConflictException(validEmail.orElse(""), e);
        }
    }

    /** Deletes a user. */
    public void delete(String id) {
        String validId = UserRules.id(id);
        if (!users.delete(validId)) {
            throw new UserNotFoundException(validId);
        }
    }

    /**
     * A page of users, oldest first.
     *
     * @param limit users per page, 1 to {@value #MAX_PAGE_SIZE}
     * @param cursor where to continue, from a previous page; empty for the first page
     */
    public UserPage list(int limit, Optional<String> cursor) {
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new InvalidUserInputException("limit", "must be between 1 and " + MAX_PAGE_SIZE + ", was " + limit);
        }
        Optional<UserPosition> after = cursor.map(UserCursor::decode);
        List<User> found = users.list(after, limit + 1);
        if (found.size() <= limit) {
            return new UserPage(found, Optional.empty());
        }
        List<User> page = found.subList(0, limit);
        return new UserPage(page, Optional.of(UserCursor.encode(UserPosition.of(page.get(limit - 1)))));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
