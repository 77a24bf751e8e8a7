package dev.bulwark.ports.outbound;

import dev.bulwark.ports.health.ComponentHealth;
import java.util.List;
import java.util.Optional;

/**
 * Calls the HTTP services registered by name in the configuration, and only those. Implementations are
 * thread-safe.
 */
public interface ServiceClient {

    /** Every registered service, in name order. */
    List<ServiceDescriptor> services();

    /** The registered service of this name, if any. */
    default Optional<ServiceDescriptor> service(String name) {
        return services().stream()
                .filter(service -> service.name().equals(name))
                .findFirst();
    }

    /**
     * Why the service cannot send a request that carries {@code use}, naming the setting to fix; empty when it can.
     * A service that is not registered, or holds no credential for the scheme, cannot. Checked at start for each
     * operation's security requirement.
     */
    default Optional<String> credentialRefusal(String service, CredentialUse use) {
        return Optional.of("service " + service + " holds no credential for the security scheme " + use.scheme());
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
     * service's own credential replaced by {@link ServiceResponse#REDACTED} wherever the service sent it back. The
     * request goes only under the service's base URL (a path or redirect that would leave it is refused), with the
     * service's own credential and nothing of the caller's; each attempt is bounded by the service's timeout,
     * bulkhead and circuit breaker, and retried only when its method is idempotent or the service allows more. A
     * response with any status is a response; a body over the cap is refused, not read.
     *
     * @throws ServiceCallException when no response came: see {@link ServiceFailure}
     */
    ServiceResponse send(ServiceRequest request);
}
