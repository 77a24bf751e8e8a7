package dev.bulwark.ports.health;

/**
 * Reports the health of one outbound dependency. Implementations must be thread-safe and answer quickly.
 */
public interface HealthIndicator {

    /** A stable, lower-case name such as {@code "redis"} or {@code "database"}. */
    String name();

    /** Whether the server needs this component to serve. */
    default Criticality criticality() {
        return Criticality.REQUIRED;
    }

    /** Checks the component now. A check that times out or throws counts as {@link ComponentStatus#DOWN}. */
    ComponentHealth check();
}
