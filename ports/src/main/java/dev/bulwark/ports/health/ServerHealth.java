package dev.bulwark.ports.health;

import java.util.Map;
import java.util.Objects;

/**
 * The whole server's health at one instant, safe to serve without authentication. Immutable.
 *
 * @param status the combined status
 * @param draining whether the server is shutting down (it is then not ready, whatever its components say)
 * @param components each dependency's status, by name
 */
public record ServerHealth(Status status, boolean draining, Map<String, ComponentStatus> components) {

    /** The combined state of the server. */
    public enum Status {
        /** Everything configured is reachable. */
        HEALTHY,
        /** An optional dependency is down; every tool still answers, perhaps slower. */
        DEGRADED,
        /** A required dependency is down, or the server is draining: not ready for traffic. */
        UNHEALTHY
    }

    public ServerHealth {
        Objects.requireNonNull(status, "status");
        components = Map.copyOf(Objects.requireNonNull(components, "components"));
    }

    /** Whether a load balancer should send traffic: not unhealthy and not draining. */
    public boolean isReady() {
        return status != Status.UNHEALTHY && !draining;
    }
}
