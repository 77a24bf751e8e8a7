package dev.bulwark.http.session;

/**
 * Ends a session the way its client would with a DELETE: the MCP transport closes its streams and forgets it.
 * Implemented by the stateful transport ({@code JettyStreamableTransportProvider#endSession}). Implementations are
 * thread-safe.
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
