package dev.bulwark.ports.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a principal holds and lacks of the scopes something requires. */
class PrincipalTest {

    @Test
    void missingScopesAreTheRequiredOnesNotHeldSorted() {
        Principal alice = Principal.of("alice", "docs:read");

        assertThat(alice.missingScopes(List.of("ops:write", "docs:read", "admin")))
                .containsExactly("admin", "ops:write");
    }

    @Test
    void theWildcardScopeLacksNothing() {
        Principal operator = Principal.of("operator", Principal.ALL_SCOPES);

        assertThat(operator.missingScopes(List.of("admin", "docs:read"))).isEmpty();
    }
}
