package dev.bulwark.test.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.users.DuplicateEmailException;
import dev.bulwark.ports.users.User;
import dev.bulwark.ports.users.UserChanges;
import dev.bulwark.ports.users.UserPosition;
import dev.bulwark.ports.users.UserRepository;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link UserRepository} must have. Extend it once per implementation (in-memory, H2,
 * PostgreSQL, your own) and supply a store that starts empty for each test.
 */
public abstract class UserRepositoryContract {

    private static final Instant T0 = Instant.parse("2025-01-02T03:04:05.123456Z");

    protected UserRepository repository;

    /** A store with no users, for one test. */
    protected abstract UserRepository createRepository();

    @BeforeEach
    void setUpRepository() {
        repository = createRepository();
    }

    private static User user(String name, String email, Instant at) {
        return new User(UUID.randomUUID().toString(), name, email, at, at);
    }

    private static String email() {
        return "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Test
    void findsAnInsertedUserAsStored() {
        User user = user("Ada Lovelace", email(), T0);
        repository.insert(user);

        assertThat(repository.findById(user.id())).contains(user);
    }

    @Test
    void findsNothingForAnUnknownId() {
        assertThat(repository.findById(UUID.randomUUID().toString())).isEmpty();
    }

    @Test
    void keepsUnicodeNamesIntact() {
        User user = user("Zoë Ångström 日本 ✓", email(), T0);
        repository.insert(user);

        assertThat(repository.findById(user.id()).map(User::name)).contains("Zoë Ångström 日本 ✓");
    }

    @Test
    void keepsTimestampsToTheMicrosecond() {
        Instant precise = Instant.parse("2024-05-06T07:08:09.987654Z");
        User user = user("Precise", email(), precise);
        repository.insert(user);

        assertThat(repository.findById(user.id()).map(User::createdAt)).contains(precise);
    }

    @Test
    void refusesASecondUserWithTheSameEmail() {
        String email = email();
        repository.insert(user("First", email, T0));

        assertThatThrownBy(() -> repository.insert(user("Second", email, T0)))
                .isInstanceOf(DuplicateEmailException.class);
    }

    @Test
    void aRefusedInsertStoresNothing() {
        String email = email();
        repository.insert(user("First", email, T0));
        User second = user("Second", email, T0);
        try {
            repository.insert(second);
        } catch (DuplicateEmailException expected) {
            // the behaviour under test is what is left afterwards
        }

        assertThat(repository.findById(second.id())).isEmpty();
    }

    @Test
    void updatesTheNameOnly() {
        User user = user("Old", email(), T0);
        repository.insert(user);
        Instant later = T0.plusSeconds(60);

        Optional<User> updated =
                repository.update(user.id(), new UserChanges(Optional.of("New"), Optional.empty(), later));

        assertThat(updated).contains(new User(user.id(), "New", user.email(), T0, later));
        assertThat(repository.findById(user.id())).isEqualTo(updated);
    }

    @Test
    void updatesTheEmailOnly() {
        User user = user("Same", email(), T0);
        repository.insert(user);
        String newEmail = email();

        Optional<User> updated = repository.update(
                user.id(), new UserChanges(Optional.empty(), Optional.of(newEmail), T0.plusSeconds(1)));

        assertThat(updated.map(User::email)).contains(newEmail);
        assertThat(updated.map(User::name)).contains("Same");
    }

    @Test
    void updatingAnUnknownUserFindsNothing() {
        assertThat(repository.update(
                        UUID.randomUUID().toString(), new UserChanges(Optional.of("x"), Optional.empty(), T0)))
                .isEmpty();
    }

    @Test
    void refusesAnUpdateToAnotherUsersEmailAndChangesNothing() {
        User first = user("First", email(), T0);
        User second = user("Second", email(), T0);
        repository.insert(first);
        repository.insert(second);

        assertThatThrownBy(() -> repository.update(
                        second.id(),
                        new UserChanges(Optional.of("Renamed"), Optional.of(first.email()), T0.plusSeconds(1))))
                .isInstanceOf(DuplicateEmailException.class);
        assertThat(repository.findById(second.id())).contains(second);
    }

    @Test
    void updatingToTheUsersOwnEmailIsAllowed() {
        User user = user("Me", email(), T0);
        repository.insert(user);

        assertThat(repository.update(
                        user.id(), new UserChanges(Optional.empty(), Optional.of(user.email()), T0.plusSeconds(1))))
                .isPresent();
    }

    @Test
    void deletesAUser() {
        User user = user("Gone", email(), T0);
        repository.insert(user);

        assertThat(repository.delete(user.id())).isTrue();
        assertThat(repository.findById(user.id())).isEmpty();
    }

    @Test
    void deletingAnUnknownUserReportsFalse() {
        assertThat(repository.delete(UUID.randomUUID().toString())).isFalse();
    }

    @Test
    void listsOldestFirstThenById() {
        User later = user("Later", email(), T0.plusSeconds(10));
        User first = user("First", email(), T0);
        User sameTimeA = user("A", email(), T0.plusSeconds(5));
        User sameTimeB = user("B", email(), T0.plusSeconds(5));
        for (User user : List.of(later, first, sameTimeA, sameTimeB)) {
            repository.insert(user);
        }
        List<User> sameTime = new ArrayList<>(List.of(sameTimeA, sameTimeB));
        sameTime.sort((a, b) -> a.id().compareTo(b.id()));

        assertThat(repository.list(Optional.empty(), 10))
                .containsExactly(first, sameTime.get(0), sameTime.get(1), later);
    }

    @Test
    void listsAtMostTheLimit() {
        for (int i = 0; i < 5; i++) {
            repository.insert(user("U" + i, email(), T0.plus(i, ChronoUnit.MILLIS)));
        }

        assertThat(repository.list(Optional.empty(), 3)).hasSize(3);
    }

    @Test
    void listsAfterAPositionWithoutRepeatsOrGaps() {
        List<User> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            User user = user("U" + i, email(), T0.plus(i, ChronoUnit.MICROS));
            repository.insert(user);
            all.add(user);
        }
        List<User> seen = new ArrayList<>();
        Optional<UserPosition> after = Optional.empty();
        while (true) {
            List<User> page = repository.list(after, 3);
            seen.addAll(page);
            if (page.size() < 3) {
                break;
            }
            after = Optional.of(UserPosition.of(page.get(page.size() - 1)));
        }

        assertThat(seen).containsExactlyElementsOf(all);
    }

    @Test
    void listsNothingWhenEmpty() {
        assertThat(repository.list(Optional.empty(), 10)).isEmpty();
    }
}
