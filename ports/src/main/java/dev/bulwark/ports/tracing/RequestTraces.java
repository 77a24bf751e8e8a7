package dev.bulwark.ports.tracing;

import java.util.Map;

/**
 * Opens the server span of a request the MCP SDK or a transport answers itself. Thread-safe.
 */
@FunctionalInterface
public interface RequestTraces {

    /** Traces nothing. */
    RequestTraces NONE = (method, id, params, sessionId, headers) -> Trace.NONE;

    /**
     * A request's span has started.
     *
     * @param method the JSON-RPC method
     * @param id the request's JSON-RPC id (a string or a number)
     * @param params the request's params as the transport read them (a map, a JSON tree or the MCP SDK's typed
     *     params), whose {@code _meta} is where a client puts its {@code traceparent}; may be null
     * @param sessionId the session's id, or {@code null} without a session
     * @param headers the transport's trace headers ({@code traceparent}, {@code tracestate}); may be empty
     * @return what ends the span; {@link Trace#NONE} when nothing is recorded
     */
    Trace started(String method, Object id, Object params, String sessionId, Map<String, String> headers);

    /** A started span. Ended once, by {@link #answered} or {@link #failed}; thread-safe. */
    @FunctionalInterface
    interface Trace {

        /** Records nothing. */
        Trace NONE = errorCode -> {};

        /**
         * The request was answered: with the JSON-RPC error {@code errorCode}, or with a result when it is null.
         */
        void answered(Integer errorCode);

        /**
         * The request got no answer: serving it failed with {@code failure}. By default, recorded as answered with
         * the JSON-RPC internal error ({@code -32603}).
         */
        default void failed(Throwable failure) {
            answered(-32603);
        }

        /**
         * The request, an {@code initialize}, started session {@code sessionId}, whose id did not exist when the
         * span started. Call it before the span ends; by default, nothing is recorded.
         */
        default void sessionStarted(String sessionId) {}
    }
}
