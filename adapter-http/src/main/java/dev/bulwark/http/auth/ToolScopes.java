package dev.bulwark.http.auth;

import java.util.Optional;
import java.util.Set;

/**
 * The scopes each tool requires, for the edge's {@code insufficient_scope} challenge.
 */
@FunctionalInterface
public interface ToolScopes {

    /** The scopes tool {@code name} requires; empty when no such tool exists (the core answers that call). */
    Optional<Set<String>> requiredBy(String name);

    /** No tool requires anything at the edge. */
    static ToolScopes none() {
        return name -> Optional.empty();
    }
}
