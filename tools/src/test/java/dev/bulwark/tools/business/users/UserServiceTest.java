package dev.bulwark.tools.business.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.DependencySaturatedException;
import dev.bulwark.ports.DependencyBusyException;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.users.User;
import dev.bulwark.ports.users.UserChanges;
import dev.bulwark.ports.users.UserPosition;
import dev.bulwark.ports.users.UserRepository;
import dev.bulwark.test.fakes.InMemoryUserRepository;
import dev.bulwark.tools.data.users.UserGateway;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserServiceTest {

    private static final Instant NOW = Instant.parse("2025-03-04T05:06:07.123456789Z");

    private final InMemoryUserRepository repository = new InMemoryUserRepository();
    private final AtomicLong nextId = new AtomicLong(1);
    private final UserService users = new UserService(
            new UserGateway(repository), Clock.fixed(NOW, ZoneOffset.UTC), () -> new UUID(0, nextId.getAndIncrement()));

    @Test
    void createsAUserWithANewIdAndTimestampsToTheMicrosecond() {
        User user = users.create("Ada", "ada@example.com");

        assertThat(user.id()).isEqualTo("00000000-0000-0000-0000-000000000001");
        assertThat(user.createdAt()).isEqualTo(Instant.parse("2025-03-04T05:06:07.123456Z"));
        assertThat(user.updatedAt()).isEqualTo(user.createdAt());
    }

    @Test
    void trimsTheNameAndLowerCasesTheEmail() {
        User user = users.create("  Ada Lovelace ", " Ada@Example.COM ");

        assertThat(user.name()).isEqualTo("Ada Lovelace");
        assertThat(user.email()).isEqualTo("ada@example.com");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "plain",
                "@example.com",
                "a@",
                "a@b",
                "a@@b.com",
                "a b@example.com",
                "a..b@example.com",
                ".a@example.com",
                "a@-example.com",
                "a@example.c",
                "a@example..com",
                "a@exa_mple.com",
                "<a>@example.com"
            })
    void refusesAnEmailThatIsNotAnAddress(String email) {
        assertThatThrownBy(() -> users.create("Ada", email))
                .isInstanceOf(InvalidUserInputException.class)
                .hasMessageStartingWith("Invalid email");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a@example.com",
                "first.last+tag@sub.example.co.uk",
                "o'brien@example.ie",
                "x@xn--bcher-kva.example"
            })
    void acceptsRealAddresses(String email) {
        assertThat(users.create("Ada", email).email()).isEqualTo(email);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "line\nbreak", "tab\there"})
    void refusesABlankOrControlCharacterName(String name) {
        assertThatThrownBy(() -> users.create(name, "a@example.com"))
                .isInstanceOf(InvalidUserInputException.class)
                .hasMessageStartingWith("Invalid name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ud800", "Ada \udfff", "\udc00\ud800"})
    void refusesANameWithALoneSurrogateWhichPostgresWouldStoreAsAQuestionMark(String name) {
        assertThatThrownBy(() -> users.create(name, "a@example.com"))
                .isInstanceOf(InvalidUserInputException.class)
                .hasMessage("Invalid name: must be valid Unicode text: it holds a lone UTF-16 surrogate (\\ud800"
                        + "-\\udfff not part of a pair).");
    }

    @Test
    void acceptsANameWithAnEmojiWhoseSurrogatesArePaired() {
        assertThat(users.create("Ada \ud83d\ude00", "a@example.com").name()).isEqualTo("Ada \ud83d\ude00");
    }

    @Test
    void refusesANameOverTheLimit() {
        assertThatThrownBy(() -> users.create("x".repeat(UserRules.MAX_NAME_LENGTH + 1), "a@example.com"))
                .hasMessageContaining("at most 100 characters");
    }

    @Test
    void refusesASecondUserWithTheSameEmailIgnoringCase() {
        users.create("Ada", "ada@example.com");

        assertThatThrownBy(() -> users.create("Other", "ADA@example.com"))
                .isInstanceOf(UserConflictException.class)
                .hasMessageContaining("ada@example.com")
                .hasMessageContaining("already exists");
    }

    @Test
    void getsAUser() {
        User created = users.create("Ada", "ada@example.com");

        assertThat(users.get(created.id())).isEqualTo(created);
    }

    @Test
    void anUnknownUserIsNotFound() {
        assertThatThrownBy(() -> users.get("00000000-0000-0000-0000-000000000099"))
                .isInstanceOf(UserNotFoundException.class);
    }

    @Test
    void refusesAnIdThatIsNotAUuid() {
        assertThatThrownBy(() -> users.get("1 OR 1=1"))
                .isInstanceOf(InvalidUserInputException.class)
                .hasMessageContaining("user_id");
    }

    @Test
    void updatesTheNameAndKeepsTheEmail() {
        User created = users.create("Ada", "ada@example.com");

        User updated = users.update(created.id(), Optional.of("Ada L."), Optional.empty());

        assertThat(updated.name()).isEqualTo("Ada L.");
        assertThat(updated.email()).isEqualTo("ada@example.com");
    }

    @Test
    void anUpdateNeedsSomethingToChange() {
        User created = users.create("Ada", "ada@example.com");

        assertThatThrownBy(() -> users.update(created.id(), Optional.empty(), Optional.empty()))
                .isInstanceOf(InvalidUserInputException.class);
    }

    @Test
    void anUpdateToATakenEmailIsAConflict() {
        users.create("Ada", "ada@example.com");
        User bob = users.create("Bob", "bob@example.com");

        assertThatThrownBy(() -> users.update(bob.id(), Optional.empty(), Optional.of("ada@example.com")))
                .isInstanceOf(UserConflictException.class);
    }

    @Test
    void deletesAUserAndThenDoesNotFindIt() {
        User created = users.create("Ada", "ada@example.com");

        users.delete(created.id());

        assertThatThrownBy(() -> users.get(created.id())).isInstanceOf(UserNotFoundException.class);
    }

    @Test
    void pagesThroughEveryUserOnceWithCursors() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(users.create("U" + i, "u" + i + "@example.com").id());
        }
        List<String> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            UserPage page = users.list(2, cursor);
            page.users().forEach(user -> seen.add(user.id()));
            cursor = page.nextCursor();
        } while (cursor.isPresent());

        assertThat(seen).containsExactlyElementsOf(created);
    }

    @Test
    void theLastPageHasNoCursor() {
        users.create("Ada", "ada@example.com");

        assertThat(users.list(10, Optional.empty()).nextCursor()).isEmpty();
    }

    @Test
    void refusesACursorItDidNotIssue() {
        assertThatThrownBy(() -> users.list(10, Optional.of("bm90LWEtY3Vyc29y")))
                .isInstanceOf(InvalidUserInputException.class)
                .hasMessageContaining("cursor");
    }

    @Test
    void aCursorWhoseUserIdIsDamagedIsRefusedAsACursor() {
        String damaged = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("v1:0:not-a-user-id".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThatThrownBy(() -> users.list(10, Optional.of(damaged)))
                .isInstanceOf(InvalidUserInputException.class)
                .hasMessageStartingWith("Invalid cursor")
                .hasMessageContaining("pass the nextCursor of a previous list_users answer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-9000000000000000000", "-62135596800000001", "253402300800000000", "9000000000000000000"})
    void aCursorWhoseTimeNoDatabaseStoresIsRefusedAsACursor(String micros) {
        // -9e18 µs is about 283,000 BC, before PostgreSQL's timestamptz begins (4713 BC): not a time this server issued
        String outOfRange = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("v1:" + micros + ":00000000-0000-0000-0000-000000000001")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThatThrownBy(() -> users.list(10, Optional.of(outOfRange)))
                .isInstanceOf(InvalidUserInputException.class)
                .hasMessageStartingWith("Invalid cursor")
                .hasMessageContaining("is not a cursor this server issued");
    }

    @Test
    void aCursorAtTheEdgesOfTheYearsDatabasesStoreIsAccepted() {
        users.create("Ada", "ada@example.com");
        for (String micros : List.of("-62135596800000000", "253402300799999999")) {
            String edge = java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(("v1:" + micros + ":00000000-0000-0000-0000-000000000001")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));

            assertThat(users.list(10, Optional.of(edge)).users()).hasSizeLessThanOrEqualTo(1);
        }
    }

    @Test
    void refusesAPageSizeOutOfRange() {
        assertThatThrownBy(() -> users.list(101, Optional.empty())).hasMessageContaining("between 1 and 100");
    }

    @Test
    void anUnreachableStoreIsReportedAsItIs() {
        repository.setDown(true);

        assertThatThrownBy(() -> users.create("Ada", "ada@example.com"))
                .isInstanceOf(DependencyUnavailableException.class);
    }

    @Test
    void aSaturatedStoreIsReportedAsBusy() {
        UserService busy =
                new UserService(new UserGateway(new SaturatedRepository()), Clock.systemUTC(), UUID::randomUUID);

        assertThatThrownBy(() -> busy.get("00000000-0000-0000-0000-000000000001"))
                .isInstanceOf(DependencySaturatedException.class)
                .hasMessageContaining("busy");
    }

    /** A repository whose every connection is taken. */
    private static final class SaturatedRepository implements UserRepository {
        private static DependencyBusyException busy() {
            return new DependencyBusyException("database", "all connections in use");
        }

        @Override
        public void insert(User user) {
            throw busy();
        }

        @Override
        public Optional<User> findById(String id) {
            throw busy();
        }

        @Override
        public Optional<User> update(String id, UserChanges changes) {
            throw busy();
        }

        @Override
        public boolean delete(String id) {
            throw busy();
        }

        @Override
        public List<User> list(Optional<UserPosition> after, int limit) {
            throw busy();
        }
    }
}
