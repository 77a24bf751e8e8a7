package dev.bulwark.core;

/**
 * Root of the exceptions that end a tool call with a known cause. Each subclass carries its context (a rate-limit
 * rejection carries its limit and {@code retryAfter()}) and a message written for the client: a model must be
 * able to act on it, and it never holds internals (stack traces, SQL, hostnames, secrets).
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
