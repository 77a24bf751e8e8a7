package dev.bulwark.core.internal.presentation.tool;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/** The scopes a resource, resource template or prompt requires: each one named, checked when it is declared. */
public final class RequiredScopes {

    private RequiredScopes() {}

    /** The scopes given to a {@code withRequiredScopes(...)}, repeats dropped; checked by {@link #copyOf}. */
    public static Set<String> listed(String... scopes) {
        return new LinkedHashSet<>(Arrays.asList(Objects.requireNonNull(scopes, "scopes")));
    }

    /**
     * An immutable copy of {@code scopes}.
     *
     * @param owner what requires them, for the message: {@code resource 'docs://a'}
     * @throws IllegalArgumentException if a scope is null, blank or not one OAuth scope token
     */
    public static Set<String> copyOf(Set<String> scopes, String owner) {
        Objects.requireNonNull(scopes, "requiredScopes");
        for (String scope : scopes) {
            check(scope, owner, "docs:read");
        }
        return Set.copyOf(scopes);
    }

    /**
     * Checks one required scope: an OAuth scope token (RFC 6749, 3.3: printable ASCII but space, {@code "} and
     * {@code \}). A scope holding a space could never be held: a token's {@code scope} claim splits on spaces.
     *
     * @param owner what requires it, for the message: {@code tool 'search'}
     * @param example a scope to name in the message
     * @throws IllegalArgumentException naming the owner and what is wrong
     */
    public static void check(String scope, String owner, String example) {
        if (scope == null || scope.isBlank()) {
            throw new IllegalArgumentException("a required scope of " + owner + " is "
                    + (scope == null ? "null" : "blank") + "; name each scope, such as " + example);
        }
        for (int i = 0; i < scope.length(); i++) {
            char c = scope.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
                throw new IllegalArgumentException("a required scope of " + owner + " holds "
                        + (c == ' ' ? "a space" : "a character a scope may not hold") + ": give each scope as its own"
                        + " argument, such as " + example + ", with printable ASCII but space, \" and \\");
            }
        }
    }
}
