package dev.bulwark.core;

/**
 * Root of the exceptions that end a tool call with a known cause, with a message written for the client.
 */
public abstract class BulwarkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected BulwarkException(String clientMessage) {
        super(clientMessage);
    }

    protected BulwarkException(String clientMessage, Throwable cause) {
        super(clientMessage, cause);
    }

    /** A short, stable, low-cardinality label for metrics and logs, for example {@code rate_limited}. */
    public abstract String errorType();
}
