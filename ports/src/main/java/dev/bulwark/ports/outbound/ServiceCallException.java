package dev.bulwark.ports.outbound;

import dev.bulwark.ports.PortException;
import java.util.Objects;

/**
 * A call to a registered service did not produce a response: {@link #failure()} says why. The message names the
 * service and the failure, never a host, URL or credential; it is for logs, and a tool writes its own for the
 * client.
 */
public class ServiceCallException extends PortException {

    private static final long serialVersionUID = 1L;

    private final String service;
    private final ServiceFailure failure;
    private final int attempts;

    public ServiceCallException(String service, ServiceFailure failure, int attempts, String message) {
        super(message);
        this.service = Objects.requireNonNull(service, "service");
        this.failure = Objects.requireNonNull(failure, "failure");
        this.attempts = attempts;
    }

    /** The service's name as the caller gave it. */
    public String service() {
        return service;
    }

    /** Why the call failed. */
    public ServiceFailure failure() {
        return failure;
    }

    /** How many requests were sent; 0 when the call was refused before any. */
    public int attempts() {
        return attempts;
    }
}
