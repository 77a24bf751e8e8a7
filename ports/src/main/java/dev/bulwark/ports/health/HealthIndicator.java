package dev.bulwark.ports.health;

/**
 * Reports the health of one outbound dependency (Redis, the database, a remote API). The core runs every
 * indicator with a timeout and combines the answers into healthy, degraded or unhealthy.
 *
 * <p>Implementations must be thread-safe and should answer quickly; a slow check is timed out and counted as
 * {@link ComponentStatus#DOWN}. An exception thrown by {@link #check()} is also counted as down.
 */
public interface HealthIndicator {

    /** A stable, lower-case name such as {@code "redis"} or {@code "database"}. */
    String name();

    /** Whether the server needs this component to serve. */
    default Criticality criticality() {
        return Criticality.REQUIRED;
    }

    /** Checks the component now. */
    ComponentHealth check();
}
