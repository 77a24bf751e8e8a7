package dev.bulwark.core;

import dev.bulwark.core.internal.presentation.tool.RequiredScopes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON-RPC method an {@link Extension} adds, run through the pipeline as a tool call. Immutable; thread-safe if the
 * handler is.
 *
 * @param name the method, such as {@code skills/list}
 * @param requiredScopes scopes a caller needs
 * @param kind a call or a follow-up
 * @param timeout its own deadline, else the server's
 */
public record ExtensionMethod(
        String name, ExtensionHandler handler, Set<String> requiredScopes, Kind kind, Optional<Duration> timeout) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+");

    /** What a method's call is to the pipeline: a call of its own, or a follow-up of one that came before. */
    public enum Kind {
        /** Authenticated, scoped, rate limited, audited, counted, traced and bounded by its timeout. */
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
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isPresent()) {
            checkedTimeout(timeout.get(), "extension method '" + name + "'");
            if (kind == Kind.FOLLOW_UP) {
                throw new IllegalArgumentException("extension method '" + name + "' follows up an earlier call, which"
                        + " bounds it; give the timeout to the call it follows");
            }
        }
    }

    /** A method of {@code kind}, bounded by the server's tool timeout when it is a call. */
    public ExtensionMethod(String name, ExtensionHandler handler, Set<String> requiredScopes, Kind kind) {
        this(name, handler, requiredScopes, kind, Optional.empty());
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
        return new ExtensionMethod(name, handler, RequiredScopes.listed(scopes), kind, timeout);
    }

    /**
     * This method, each call ended after {@code timeout} and answered with the timeout error a tool gets, instead of
     * after the server's {@code limits.tool-timeout}.
     *
     * @throws IllegalArgumentException if the timeout is not positive or past 365 days, or this method follows up
     */
    public ExtensionMethod withTimeout(Duration timeout) {
        return new ExtensionMethod(name, handler, requiredScopes, kind, Optional.of(timeout));
    }

    /** {@code timeout} if it is positive and at most {@link Tool#MAX_TIMEOUT}; otherwise an exception naming {@code owner}. */
    static Duration checkedTimeout(Duration timeout, String owner) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(Tool.MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    owner + ": timeout must be positive and at most 365 days, was " + timeout);
        }
        return timeout;
    }

    /** Whether this method follows up an earlier call: see {@link Kind#FOLLOW_UP}. */
    public boolean followsUp() {
        return kind == Kind.FOLLOW_UP;
    }
}
