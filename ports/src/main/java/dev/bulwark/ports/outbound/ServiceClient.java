package dev.bulwark.ports.outbound;

import dev.bulwark.ports.health.ComponentHealth;
import java.util.List;
import java.util.Optional;

/**
 * Calls the HTTP services registered by name in the configuration, and only those. An implementation guarantees:
 *
 * <ul>
 *   <li>the request goes to the named service's base URL, at the given path resolved under it: a path that would
 *       leave it ({@code ..}, encoded dots or slashes, an absolute URL, {@code //host}) is refused before anything
 *       is sent, and so is a redirect to anywhere else;
 *   <li>the service's own credential is sent, and nothing of the caller's;
 *   <li>each attempt is bounded by the service's timeout, concurrent calls by its bulkhead (refused at once when
 *       full), and failures in a row open its circuit breaker (refused at once while open);
 *   <li>a failed attempt is retried, with exponential backoff and jitter, only when the method is idempotent or the
 *       service allows retrying every method;
 *   <li>a response body larger than the cap is refused, not read.
 * </ul>
 *
 * A response with any status is a response, 5xx included (after the retries the method allows). Implementations
 * are thread-safe; a call answers to interruption by abandoning its request.
 */
public interface ServiceClient {

    /** Every registered service, in name order. */
    List<ServiceDescriptor> services();

    /** The registered service of this name, if any. */
    default Optional<ServiceDescriptor> service(String name) {
        return services().stream().filter(service -> service.name().equals(name)).findFirst();
    }

    /**
     * The service's health as its last check found it, with a short reason when it is not up (never a host):
     * checks run in the background, so this answers at once.
     *
     * @throws ServiceCallException ({@link ServiceFailure#NOT_REGISTERED}) for an unknown name
     */
    ComponentHealth health(String service);

    /**
     * Sends the request and returns the service's response: its body decoded from any content coding, and the
     * service's own credential replaced by {@link ServiceResponse#REDACTED} wherever the service sent it back.
     *
     * @throws ServiceCallException when no response came: see {@link ServiceFailure}
     */
    ServiceResponse send(ServiceRequest request);
}
