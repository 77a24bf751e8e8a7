package dev.bulwark.ports.health;

/**
 * Where a transport learns the server's combined health, to answer liveness and readiness probes ({@code /health},
 * {@code /ready}) without knowing how health is computed. The core's health service implements it.
 *
 * <p>Implementations must be thread-safe; {@link #serverHealth()} runs the dependency checks afresh and should answer
 * within the health-check timeout.
 */
@FunctionalInterface
public interface ServerHealthSource {

    /** Checks every dependency now and combines the answers. */
    ServerHealth serverHealth();
}
