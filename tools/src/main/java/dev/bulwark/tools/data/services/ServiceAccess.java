package dev.bulwark.tools.data.services;

import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.outbound.CredentialUse;
import dev.bulwark.ports.outbound.ServiceClient;
import dev.bulwark.ports.outbound.ServiceDescriptor;
import dev.bulwark.ports.outbound.ServiceRequest;
import dev.bulwark.ports.outbound.ServiceResponse;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The data layer's access to the registered services. Thread-safe when the client is.
 */
public final class ServiceAccess {

    private final ServiceClient client;

    public ServiceAccess(ServiceClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Every registered service, in name order. */
    public List<ServiceDescriptor> services() {
        return client.services();
    }

    /** The registered service of this name. */
    public Optional<ServiceDescriptor> service(String name) {
        return client.service(name);
    }

    /** Why the service cannot send a request carrying {@code use}; see {@link ServiceClient#credentialRefusal}. */
    public Optional<String> credentialRefusal(String service, CredentialUse use) {
        return client.credentialRefusal(service, use);
    }

    /** The service's last known health. */
    public ComponentHealth health(String name) {
        return client.health(name);
    }

    /** Sends one request; see {@link ServiceClient#send}. */
    public ServiceResponse send(ServiceRequest request) {
        return client.send(request);
    }
}
