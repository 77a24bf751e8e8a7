package dev.bulwark.http.auth;

import java.util.Optional;
import java.util.Set;

/**
 * The scopes each tool requires, so the HTTP edge can answer a {@code tools/call} the caller's token is not good
 * for with 403 and an {@code insufficient_scope} challenge naming them, as the MCP authorization specification
 * asks. The core checks the same scopes again before any tool runs.
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
