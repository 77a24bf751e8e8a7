package dev.bulwark.tools.data.users;

import dev.bulwark.core.DependencySaturatedException;
import dev.bulwark.ports.DependencyBusyException;
import dev.bulwark.ports.users.User;
import dev.bulwark.ports.users.UserChanges;
import dev.bulwark.ports.users.UserPosition;
import dev.bulwark.ports.users.UserRepository;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The data layer's access to a {@link UserRepository}. Thread-safe.
 */
public final class UserGateway {

    private final UserRepository repository;

    public UserGateway(UserRepository repository) {
        this.repository = Objects.requireNonNull(repository, "repository");
    }

    public void insert(User user) {
        guarded(() -> {
            repository.insert(user);
            return null;
        });
    }

    public Optional<User> findById(String id) {
        return guarded(() -> repository.findById(id));
    }

    public Optional<User> update(String id, UserChanges changes) {
        return guarded(() -> repository.update(id, changes));
    }

    public boolean delete(String id) {
        return guarded(() -> repository.delete(id));
    }

    public List<User> list(Optional<UserPosition> after, int limit) {
        return guarded(() -> repository.list(after, limit));
    }

    private static <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (DependencyBusyException busy) {
            throw new DependencySaturatedException(busy.dependency(), busy);
        }
    }
}
