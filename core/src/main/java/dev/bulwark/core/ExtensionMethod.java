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
 * @param requiredScopes the scopes a caller must hold (none by default)
 * @param kind a call, or a follow-up of one
 */
public record ExtensionMethod(String name, ExtensionHandler handler, Set<String> requiredScopes, Kind kind) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+");

    /** What a method's call is to the pipeline: a call of its own, or a follow-up of one that came before. */
    public enum Kind {
        /** Authenticated, scoped, rate limited, audited, counted, traced and bounded by the tool timeout. */
        CALL,
        /**
         * Asks after the work an earlier call started, such as polling a task: authenticated, scoped, counted and
         * traced, but neither audited, rate limited nor held to a concurrency permit, and without a deadline of its
         * own. The earlier call wrote the audit line and took the permits, so a client polling in a loop neither
         * floods the audit log nor trips its own limit, and a server busy with the work still answers how it goes;
         * what it follows bounds it (a task's lifetime, its result wait), not the tool timeout.
         */
        FOLLOW_UP
    }

    public ExtensionMethod {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches() || name.length() > 128) {
            throw new IllegalArgumentException("extension method '" + name + "' is no method name: use segments of"
                    + " letters, digits, '_', '.' or '-' joined by '/', such as 'skills/list'");
        }
        Objects.requireNonNull(handler, "handler");
        requiredScopes = RequiredScopes.copyOf(requiredScopes, "extension method '" + name + "'");
        Objects.requireNonNull(kind, "kind");
    }

    /** A call every authenticated caller may make. */
    public ExtensionMethod(String name, ExtensionHandler handler) {
        this(name, handler, Set.of(), Kind.CALL);
    }

    /** A call only callers holding every one of {@code requiredScopes} may make. */
    public ExtensionMethod(String name, ExtensionHandler handler, Set<String> requiredScopes) {
        this(name, handler, requiredScopes, Kind.CALL);
    }

    /**
     * A follow-up of an earlier call every authenticated caller may make; see {@link Kind#FOLLOW_UP}. The handler
     * bounds its own waits.
     */
    public static ExtensionMethod followUp(String name, ExtensionHandler handler) {
        return new ExtensionMethod(name, handler, Set.of(), Kind.FOLLOW_UP);
    }

    /** This method, callable only by callers holding every one of {@code scopes}. */
    public ExtensionMethod withRequiredScopes(String... scopes) {
        return new ExtensionMethod(name, handler, RequiredScopes.listed(scopes), kind);
    }

    /** Whether this method follows up an earlier call: see {@link Kind#FOLLOW_UP}. */
    public boolean followsUp() {
        return kind == Kind.FOLLOW_UP;
    }
}
