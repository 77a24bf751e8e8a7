package dev.bulwark.http.session;

/**
 * Ends a session the way its client would with a DELETE. Implementations are thread-safe.
 */
@FunctionalInterface
public interface SessionTerminator {

    /**
     * Ends session {@code id}.
     *
     * @return whether the transport knew it (and ended it)
     */
    boolean terminate(String id);
}
