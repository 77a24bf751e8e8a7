package dev.bulwark.core.error;

import java.util.Set;
import java.util.TreeSet;

/** The caller lacks scopes the tool requires. The handler did not run. */
public final class AccessDeniedException extends BulwarkException {

    private static final long serialVersionUID = 1L;

    private final String tool;
    private final Set<String> missingScopes;

    public AccessDeniedException(String tool, Set<String> missingScopes) {
        super("Permission denied: tool '" + tool + "' requires scope(s) " + new TreeSet<>(missingScopes)
                + " that the caller does not hold.");
        this.tool = tool;
        this.missingScopes = Set.copyOf(missingScopes);
    }

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
