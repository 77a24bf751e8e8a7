package dev.bulwark.core.internal.presentation.tool;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/** The scopes a resource, resource template or prompt requires: each one named, checked when it is declared. */
public final class RequiredScopes {

    private RequiredScopes() {
    }

    /** The scopes given to a {@code withRequiredScopes(...)}, repeats dropped; checked by {@link #copyOf}. */
    public static Set<String> listed(String... scopes) {
        return new LinkedHashSet<>(Arrays.asList(Objects.requireNonNull(scopes, "scopes")));
    }

    /**
     * An immutable copy of {@code scopes}.
     *
     * @param owner what requires them, for the message: {@code resource 'docs://a'}
     * @throws IllegalArgumentException if a scope is null or blank
     */
    public static Set<String> copyOf(Set<String> scopes, String owner) {
        Objects.requireNonNull(scopes, "requiredScopes");
        for (String scope : scopes) {
            if (scope == null || scope.isBlank()) {
                throw new IllegalArgumentException("a required scope of " + owner + " is "
                        + (scope == null ? "null" : "blank") + "; name each scope, such as docs:read");
            }
        }
        return Set.copyOf(scopes);
    }
}
