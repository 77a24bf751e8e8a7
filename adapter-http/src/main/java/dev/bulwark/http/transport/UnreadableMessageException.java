package dev.bulwark.http.transport;

/**
 * A request body that cannot be served as one JSON-RPC message, with the answer it gets: a status (400, or 200 for
 * a request refused only for its params, answered in band), the id of its request when it has a valid one, a
 * JSON-RPC error code and a message written for the client (it never quotes the body). Immutable.
 */
final class UnreadableMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Object id;
    private final int code;

    UnreadableMessageException(int status, Object id, int code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.id = id;
        this.code = code;
    }

    /** The HTTP status of the answer. */
    int status() {
        return status;
    }

    /** The id to answer with, or {@code null}. */
    Object id() {
        return id;
    }

    /** The JSON-RPC error code. */
    int code() {
        return code;
    }

    /** The error type the HTTP metrics count it under. */
    String errorType() {
        return switch (code) {
            case -32700 -> "parse_error";
            case -32602 -> "invalid_params";
            default -> "invalid_request";
        };
    }
}
