package dev.bulwark.ports.calls;

/**
 * Where a transport reports that its client cancelled one of its requests. Thread-safe; returns at once.
 */
@FunctionalInterface
public interface CancelledRequests {

    /** The JSON-RPC method of the client's cancellation; its params name the request in {@code requestId}. */
    String METHOD = "notifications/cancelled";

    /**
     * The client of session {@code sessionId} cancelled its request {@code requestId}.
     *
     * @param sessionId the id of the session the cancellation came in, the one the MCP SDK gave that session
     * @param requestId the JSON-RPC id of the request cancelled, as the client sent it (a string or an integer)
     */
    void cancelled(String sessionId, Object requestId);
}
