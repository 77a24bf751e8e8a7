package dev.bulwark.ports.outbound;

import dev.bulwark.ports.PortException;
import java.util.Objects;

/**
 * A call to a registered service did not produce a response: {@link #failure()} says why.
 */
public class ServiceCallException extends PortException {

    private static final long serialVersionUID = 1L;

    private final String service;
    private final ServiceFailure failure;
    private final int attempts;
    private final boolean mayHaveReachedService;

    /** A failure that may have reached the service when any request was sent ({@code attempts > 0}). */
    public ServiceCallException(String service, ServiceFailure failure, int attempts, String message) {
        this(service, failure, attempts, attempts > 0, message);
    }

    /**
     * @param mayHaveReachedService false only when no request can have reached the service: none was sent, or every
     *     one failed before its connection was open (refused, or not opened in time)
     */
    public ServiceCallException(
            String service, ServiceFailure failure, int attempts, boolean mayHaveReachedService, String message) {
        super(message);
        this.service = Objects.requireNonNull(service, "service");
        this.failure = Objects.requireNonNull(failure, "failure");
        this.attempts = attempts;
        this.mayHaveReachedService = mayHaveReachedService;
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

    /**
     * Whether a request may have reached the service, which may then have acted on it; false when none can have:
     * none was sent, or no connection was ever open. A caller may send a request that wrote again only when false.
     */
    public boolean mayHaveReachedService() {
        return mayHaveReachedService;
    }
}
