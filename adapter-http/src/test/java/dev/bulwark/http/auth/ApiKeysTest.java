package dev.bulwark.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private static final String KEY = ApiKeys.newKey();
    private static final ApiKeys KEYS = new ApiKeys(List.of(
            new ApiKey("ci-bot", Set.of("tools:read"), ApiKeys.hashOf(ApiKeys.newKey())),
            new ApiKey("alice", Set.of("tools:read", "users:write"), ApiKeys.hashOf(KEY))));

    @Test
    void authenticatesAConfiguredKeyAsItsSubjectWithItsScopes() {
        assertThat(KEYS.authenticate(KEY)).hasValueSatisfying(principal -> {
            assertThat(principal.subject()).isEqualTo("alice");
            assertThat(principal.scopes()).containsExactlyInAnyOrder("tools:read", "users:write");
        });
    }

    @Test
    void requestThreadsAuthenticatingAtOnceEachGetTheirOwnKeysSubject() throws Exception {
        String other = ApiKeys.newKey();
        ApiKeys keys = new ApiKeys(List.of(
                new ApiKey("alice", Set.of(), ApiKeys.hashOf(KEY)),
                new ApiKey("bob", Set.of(), ApiKeys.hashOf(other))));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> answers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String key = t % 2 == 0 ? KEY : other;
                Callable<List<String>> caller = () -> {
                    List<String> subjects = new ArrayList<>();
                    for (int i = 0; i < 20_000; i++) {
                        Optional<String> subject = keys.authenticate(key).map(principal -> principal.subject());
                        subjects.add(subject.orElse("refused"));
                    }
                    return subjects;
                };
                answers.add(threads.submit(caller));
            }
            for (int t = 0; t < 4; t++) {
                assertThat(answers.get(t).get()).containsOnly(t % 2 == 0 ? "alice" : "bob");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aGeneratedKeyIsAcceptedByItsEntryAsItsSubjectWithItsScopes() {
        GeneratedApiKey generated = ApiKeys.generate("ci-bot", Set.of("tools:read"));

        assertThat(generated.key()).startsWith(ApiKeys.KEY_PREFIX);
        assertThat(generated.entry().hash()).isEqualTo(ApiKeys.hashOf(generated.key()));
        assertThat(new ApiKeys(List.of(generated.entry())).authenticate(generated.key()))
                .hasValueSatisfying(principal -> {
                    assertThat(principal.subject()).isEqualTo("ci-bot");
                    assertThat(principal.scopes()).containsExactly("tools:read");
                });
        assertThat(generated.toString()).contains("ci-bot").doesNotContain(generated.key());
    }

    @Test
    void eachGeneratedKeyIsNew() {
        assertThat(ApiKeys.generate("a", Set.of()).key())
                .isNotEqualTo(ApiKeys.generate("a", Set.of()).key());
    }

    @Test
    void thePlaceholderSubjectOfANewKeysEntryIsRefused() {
        assertThatThrownBy(() -> new ApiKey("CHANGE-ME", Set.of(), ApiKeys.hashOf(KEY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("placeholder CHANGE-ME")
                .hasMessageContaining("set it to who holds the key");
    }

    @Test
    void theHashIsSha256OfTheKeysUtf8BytesInLowerCaseHex() {
        // printf '%s' abc | sha256sum
        assertThat(ApiKeys.hashOf("abc"))
                .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void refusesAnUnknownKey() {
        assertThat(KEYS.authenticate(ApiKeys.newKey())).isEmpty();
    }

    @Test
    void refusesAPrefixOfAKey() {
        assertThat(KEYS.authenticate(KEY.substring(0, KEY.length() - 1))).isEmpty();
    }

    @Test
    void refusesTheHashItselfPresentedAsAKey() {
        assertThat(KEYS.authenticate(ApiKeys.hashOf(KEY))).isEmpty();
    }

    @Test
    void hashIsSha256InHexWithItsAlgorithmNamed() {
        assertThat(ApiKeys.hashOf("abc"))
                .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void newKeysAreRandomAndRecognisable() {
        String first = ApiKeys.newKey();

        assertThat(first).startsWith("bwk_").hasSizeGreaterThanOrEqualTo(40).isNotEqualTo(ApiKeys.newKey());
    }

    @Test
    void aPlainKeyIsNeverAcceptedAsConfiguration() {
        assertThatThrownBy(() -> new ApiKey("alice", Set.of(), KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hash")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void theSameKeyCannotBeConfiguredTwice() {
        String hash = ApiKeys.hashOf(KEY);

        assertThatThrownBy(() -> new ApiKeys(List.of(new ApiKey("a", Set.of(), hash), new ApiKey("b", Set.of(), hash))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void comparesThePresentedKeyWithEveryConfiguredHashEvenAfterItMatches() {
        // No early exit and no map lookup: the time taken says nothing about which key (if any) matched. Each
        // comparison is MessageDigest.isEqual's, constant time, in the server (this test counts them instead).
        java.util.concurrent.atomic.AtomicInteger comparisons = new java.util.concurrent.atomic.AtomicInteger();
        ApiKeys keys = new ApiKeys(
                List.of(
                        new ApiKey("first", Set.of(), ApiKeys.hashOf(KEY)),
                        new ApiKey("second", Set.of(), ApiKeys.hashOf(KEY + "-2")),
                        new ApiKey("third", Set.of(), ApiKeys.hashOf(KEY + "-3"))),
                (a, b) -> {
                    comparisons.incrementAndGet();
                    return java.security.MessageDigest.isEqual(a, b);
                });

        assertThat(keys.authenticate(KEY))
                .map(dev.bulwark.ports.security.Principal::subject)
                .contains("first");
        assertThat(comparisons).as("the first matched; all three were compared").hasValue(3);
        assertThat(keys.authenticate("not a key")).isEmpty();
        assertThat(comparisons).hasValue(6);
    }
}
