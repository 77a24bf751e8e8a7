package dev.bulwark.tools.business.services;

import dev.bulwark.core.ToolException;
import java.util.Objects;

/**
 * A call to a registered service failed, or was refused before it was sent; the message says what happened in words
 * a model can act on, naming the service but never its address, the upstream's words or a credential. Error types:
 * {@code service_refused} (unknown service, method or path refused, redirect refused, body too large),
 * {@code service_unavailable} (timeout, unreachable, not HTTP, breaker open, 5xx), {@code busy} and
 * {@code timeout} (cancelled at a deadline).
 */
final class ServiceCallFailedException extends ToolException {

    private static final long serialVersionUID = 1L;

    private final String errorType;

    public ServiceCallFailedException(String errorType, String clientMessage) {
        super(clientMessage);
        this.errorType = Objects.requireNonNull(errorType, "errorType");
    }

    public ServiceCallFailedException(String errorType, String clientMessage, Throwable cause) {
        super(clientMessage, cause);
        this.errorType = Objects.requireNonNull(errorType, "errorType");
    }

    @Override
    public String errorType() {
        return errorType;
    }
}
