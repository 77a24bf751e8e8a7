package dev.bulwark.core;

import dev.bulwark.core.internal.presentation.tool.RequiredScopes;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON-RPC method an {@link Extension} adds, run through the same pipeline as a tool call. Immutable; thread-safe if
 * the handler is.
 *
 * @param name the method, such as {@code skills/list}
 * @param handler answers it
 * @param requiredScopes the scopes a caller must hold to call it (none by default)
 */
public record ExtensionMethod(String name, ExtensionHandler handler, Set<String> requiredScopes) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+");

    public ExtensionMethod {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches() || name.length() > 128) {
            throw new IllegalArgumentException("extension method '" + name + "' is no method name: use segments of"
                    + " letters, digits, '_', '.' or '-' joined by '/', such as 'skills/list'");
        }
        Objects.requireNonNull(handler, "handler");
        requiredScopes = RequiredScopes.copyOf(requiredScopes, "extension method '" + name + "'");
    }

    /** A method every authenticated caller may call. */
    public ExtensionMethod(String name, ExtensionHandler handler) {
        this(name, handler, Set.of());
    }

    /** This method, callable only by callers holding every one of {@code scopes}. */
    public ExtensionMethod withRequiredScopes(String... scopes) {
        return new ExtensionMethod(name, handler, RequiredScopes.listed(scopes));
    }
}
