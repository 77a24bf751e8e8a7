package dev.bulwark.ports.upstream;

/** Why a call to an upstream MCP server produced no result. */
public enum UpstreamFailure {
    /** No upstream of that name is configured, or it lists no tool of that name. */
    NOT_FOUND,
    /** The upstream is not connected: its process is not running, or its URL does not answer. */
    UNAVAILABLE,
    /** Every concurrency permit of the upstream is in use: refused at once, not queued. */
    BUSY,
    /** The upstream's circuit breaker is open after failures in a row: refused at once, nothing sent. */
    CIRCUIT_OPEN,
    /** The upstream did not answer within its timeout; the request was cancelled upstream. */
    TIMEOUT,
    /** The upstream's answer was larger than its cap; it was not passed on. */
    RESULT_TOO_LARGE,
    /**
     * The upstream answered with a JSON-RPC error of its own failing (an internal error, a server error), or with
     * something that is not MCP.
     */
    PROTOCOL_ERROR,
    /**
     * The upstream refused the request with a JSON-RPC error its caller caused (invalid params, an unknown method or
     * resource): the upstream is well, and its message, in {@link UpstreamCallException#upstreamMessage()}, is for the
     * caller.
     */
    CALLER_ERROR,
    /** The call was cancelled (by its client or its deadline) before it finished; cancelled upstream too. */
    CANCELLED
}
