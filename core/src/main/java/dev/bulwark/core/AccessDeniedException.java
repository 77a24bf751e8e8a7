package dev.bulwark.core;

import java.util.Set;
import java.util.TreeSet;

/**
 * The caller lacks scopes a tool (or a resource, resource template or prompt) requires. Nothing ran for it.
 */
public final class AccessDeniedException extends BulwarkException {

    private static final long serialVersionUID = 1L;

    private final String tool;
    private final Set<String> missingScopes;

    /** The caller lacks {@code missingScopes} of those tool {@code tool} requires. */
    public AccessDeniedException(String tool, Set<String> missingScopes) {
        this("tool", tool, missingScopes);
    }

    /**
     * @param kind what was refused: {@code tool}, {@code resource}, {@code prompt}, {@code resource template}
     * @param name its name (a resource's URI)
     * @param missingScopes the scopes it requires that the caller does not hold
     */
    public AccessDeniedException(String kind, String name, Set<String> missingScopes) {
        super("Permission denied: " + kind + " '" + name + "' requires scope(s) " + new TreeSet<>(missingScopes)
                + " that the caller does not hold.");
        this.tool = name;
        this.missingScopes = Set.copyOf(missingScopes);
    }

    /** The name of what was refused: the tool's, for a tool call. */
    public String tool() {
        return tool;
    }

    public Set<String> missingScopes() {
        return missingScopes;
    }

    @Override
    public String errorType() {
        return "permission_denied";
    }
}
