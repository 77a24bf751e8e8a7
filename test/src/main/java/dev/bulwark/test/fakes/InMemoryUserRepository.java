package dev.bulwark.test.fakes;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.users.DuplicateEmailException;
import dev.bulwark.ports.users.User;
import dev.bulwark.ports.users.UserChanges;
import dev.bulwark.ports.users.UserPosition;
import dev.bulwark.ports.users.UserRepository;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link UserRepository} in memory that can be switched "down". Thread-safe.
 */
public final class InMemoryUserRepository implements UserRepository {

    private static final Comparator<User> ORDER =
            Comparator.comparing(User::createdAt).thenComparing(User::id);

    private final Map<String, User> users = new LinkedHashMap<>();
    private boolean down;

    /** Makes every call fail as an unreachable database would, until switched back. */
    public synchronized void setDown(boolean down) {
        this.down = down;
    }

    @Override
    public synchronized void insert(User user) {
        checkUp();
        if (emailTaken(user.email(), user.id()) || users.containsKey(user.id())) {
            throw new DuplicateEmailException();
        }
        users.put(user.id(), user);
    }

    @Override
    public synchronized Optional<User> findById(String id) {
        checkUp();
        return Optional.ofNullable(users.get(id));
    }

    @Override
    public synchronized Optional<User> update(String id, UserChanges changes) {
        checkUp();
        User current = users.get(id);
        if (current == null) {
            return Optional.empty();
        }
        if (changes.email().isPresent() && emailTaken(changes.email().get(), id)) {
            throw new DuplicateEmailException();
        }
        User updated = new User(
                id,
                changes.name().orElse(current.name()),
                changes.email().orElse(current.email()),
                current.createdAt(),
                changes.updatedAt());
        users.put(id, updated);
        return Optional.of(updated);
    }

    @Override
    public synchronized boolean delete(String id) {
        checkUp();
        return users.remove(id) != null;
    }

    @Override
    public synchronized List<User> list(Optional<UserPosition> after, int limit) {
        checkUp();
        return users.values().stream()
                .filter(user -> after.isEmpty() || isAfter(user, after.get()))
                .sorted(ORDER)
                .limit(limit)
                .toList();
    }

    private static boolean isAfter(User user, UserPosition position) {
        int byTime = user.createdAt().compareTo(position.createdAt());
        return byTime > 0 || byTime == 0 && user.id().compareTo(position.id()) > 0;
    }

    private boolean emailTaken(String email, String exceptId) {
        return users.values().stream()
                .anyMatch(user -> user.email().equals(email) && !user.id().equals(exceptId));
    }

    private void checkUp() {
        if (down) {
            throw new DependencyUnavailableException("database", "in-memory user repository switched down");
        }
    }
}
