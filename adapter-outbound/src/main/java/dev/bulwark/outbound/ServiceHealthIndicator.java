package dev.bulwark.outbound;

import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.health.HealthIndicator;

/**
 * One registered service as a dependency of the server, from its last background check. Thread-safe.
 */
final class ServiceHealthIndicator implements HealthIndicator {

    private final RegisteredService service;

    ServiceHealthIndicator(RegisteredService service) {
        this.service = service;
    }

    @Override
    public String name() {
        return "service:" + service.options().name();
    }

    @Override
    public Criticality criticality() {
        return service.options().criticality();
    }

    @Override
    public ComponentHealth check() {
        return service.health();
    }
}
