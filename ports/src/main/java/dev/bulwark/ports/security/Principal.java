package dev.bulwark.ports.security;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The authenticated caller of a tool: a subject and the scopes it was granted. Immutable.
 *
 * @param subject a stable identifier of the caller, never a secret
 * @param scopes the scopes granted; {@code "*"} grants every scope
 */
public record Principal(String subject, Set<String> scopes) {

    /** The scope that grants every other scope. */
    public static final String ALL_SCOPES = "*";

    public Principal {
        Objects.requireNonNull(subject, "subject");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("principal subject must not be blank");
        }
        scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes"));
    }

    public static Principal of(String subject, String... scopes) {
        return new Principal(subject, Set.of(scopes));
    }

    /** Whether this principal holds {@code scope}, directly or through {@value #ALL_SCOPES}. */
    public boolean hasScope(String scope) {
        return scopes.contains(ALL_SCOPES) || scopes.contains(scope);
    }

    /** The scopes of {@code required} this principal does not hold, sorted; empty when it holds them all. */
    public SortedSet<String> missingScopes(Collection<String> required) {
        SortedSet<String> missing = new TreeSet<>();
        for (String scope : required) {
            if (!hasScope(scope)) {
                missing.add(scope);
            }
        }
        return missing;
    }

    /** Whether this principal holds every one of {@code required}. */
    public boolean hasAllScopes(Collection<String> required) {
        for (String scope : required) { // a plain loop: asked on every tool call
            if (!hasScope(scope)) {
                return false;
            }
        }
        return true;
    }
}
