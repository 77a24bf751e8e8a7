package dev.bulwark.core.internal.business.caching;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.CachePolicy;
import dev.bulwark.ports.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keys are deterministic across processes, tell tools, versions and arguments apart, and keep private apart. */
class CacheKeysTest {

    private static final Principal ALICE = Principal.of("alice@example.com");
    private static final Principal BOB = Principal.of("bob@example.com");
    private static final Map<String, Object> ARGS = Map.of("id", 42, "verbose", true);

    private final CacheKeys keys = new CacheKeys(new CanonicalJson(new ObjectMapper()));

    @Test
    void sameCallGivesTheSameKey() {
        assertThat(keys.keyFor("get_user", "1", ARGS, CachePolicy.shared(), ALICE))
                .isEqualTo(keys.keyFor("get_user", "1", ARGS, CachePolicy.shared(), ALICE));
    }

    @Test
    void keyDoesNotDependOnTheInstanceThatBuiltIt() {
        CacheKeys other = new CacheKeys(new CanonicalJson(new ObjectMapper()));

        assertThat(other.keyFor("get_user", "1", ARGS, CachePolicy.perPrincipal(), ALICE))
                .isEqualTo(keys.keyFor("get_user", "1", ARGS, CachePolicy.perPrincipal(), ALICE));
    }

    @Test
    void keyIsTheSha256OfTheCanonicalArguments() {
        // sha256("{}"), computed outside the JVM: the key is the same in every process and after restarts
        assertThat(keys.keyFor("t", "1", Map.of(), CachePolicy.shared(), ALICE))
                .isEqualTo("tool:t:v1:shared:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    }

    @Test
    void argumentKeyOrderDoesNotMatter() {
        Map<String, Object> reversed = new LinkedHashMap<>();
        reversed.put("verbose", true);
        reversed.put("id", 42.0);

        assertThat(keys.keyFor("get_user", "1", reversed, CachePolicy.shared(), ALICE))
                .isEqualTo(keys.keyFor("get_user", "1", ARGS, CachePolicy.shared(), ALICE));
    }

    @Test
    void differsByTool() {
        assertThat(keys.keyFor("get_user", "1", ARGS, CachePolicy.shared(), ALICE))
                .isNotEqualTo(keys.keyFor("list_users", "1", ARGS, CachePolicy.shared(), ALICE));
    }

    @Test
    void differsBySchemaVersion() {
        assertThat(keys.keyFor("get_user", "1", ARGS, CachePolicy.shared(), ALICE))
                .isNotEqualTo(keys.keyFor("get_user", "2", ARGS, CachePolicy.shared(), ALICE));
    }

    @Test
    void differsByArguments() {
        assertThat(keys.keyFor("get_user", "1", Map.of("id", 42), CachePolicy.shared(), ALICE))
                .isNotEqualTo(keys.keyFor("get_user", "1", Map.of("id", 43), CachePolicy.shared(), ALICE));
    }

    @Test
    void differsByArgumentsThatDifferOnlyInALoneSurrogate() {
        assertThat(keys.keyFor("process_data", "1", Map.of("data", "a\uD800"), CachePolicy.shared(), ALICE))
                .isNotEqualTo(keys.keyFor("process_data", "1", Map.of("data", "a\uDBFF"), CachePolicy.shared(), ALICE))
                .isNotEqualTo(keys.keyFor("process_data", "1", Map.of("data", "a?"), CachePolicy.shared(), ALICE));
    }

    @Test
    void privateKeysDifferPerPrincipal() {
        assertThat(keys.keyFor("get_user", "1", ARGS, CachePolicy.perPrincipal(), ALICE))
                .isNotEqualTo(keys.keyFor("get_user", "1", ARGS, CachePolicy.perPrincipal(), BOB));
    }

    @Test
    void privateKeysDifferForTheSameSubjectWithOtherScopes() {
        Principal aliceWithMoreScopes = Principal.of("alice@example.com", "users:read", "pii:read");

        assertThat(keys.keyFor("get_user", "1", ARGS, CachePolicy.perPrincipal(), aliceWithMoreScopes))
                .isNotEqualTo(keys.keyFor(
                        "get_user",
                        "1",
                        ARGS,
                        CachePolicy.perPrincipal(),
                        Principal.of("alice@example.com", "users:read")));
    }

    @Test
    void privateKeyDoesNotDependOnTheOrderScopesCameIn() {
        Principal onceSo = new Principal("alice@example.com", new java.util.LinkedHashSet<>(List.of("b", "a", "c")));
        Principal onceOtherwise =
                new Principal("alice@example.com", new java.util.LinkedHashSet<>(List.of("c", "a", "b")));

        assertThat(keys.keyFor("get_user", "1", ARGS, CachePolicy.perPrincipal(), onceSo))
                .isEqualTo(keys.keyFor("get_user", "1", ARGS, CachePolicy.perPrincipal(), onceOtherwise));
    }

    @Test
    void sharedKeysAreTheSameForEveryPrincipal() {
        assertThat(keys.keyFor("get_user", "1", ARGS, CachePolicy.shared(), ALICE))
                .isEqualTo(keys.keyFor("get_user", "1", ARGS, CachePolicy.shared(), BOB));
    }

    @Test
    void privateAndSharedKeysNeverMeet() {
        assertThat(keys.keyFor("get_user", "1", ARGS, CachePolicy.perPrincipal(), ALICE))
                .isNotEqualTo(keys.keyFor("get_user", "1", ARGS, CachePolicy.shared(), ALICE));
    }

    @Test
    void privateKeyDoesNotContainTheRawSubject() {
        String key = keys.keyFor("get_user", "1", ARGS, CachePolicy.perPrincipal(), ALICE);

        assertThat(key).doesNotContain("alice");
    }

    @Test
    void keyDoesNotContainArgumentValues() {
        String key = keys.keyFor("get_user", "1", Map.of("email", "carol@example.com"), CachePolicy.shared(), ALICE);

        assertThat(key).doesNotContain("carol");
    }
}
