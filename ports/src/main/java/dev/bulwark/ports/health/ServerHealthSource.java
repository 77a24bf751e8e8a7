package dev.bulwark.ports.health;

import java.util.Optional;

/**
 * Where a transport learns the server's combined health, to answer liveness and readiness probes ({@code /health},
 * {@code /ready}) without knowing how health is computed. The core's health service implements it.
 *
 * <p>Implementations must be thread-safe; {@link #serverHealth()} runs the dependency checks afresh and should answer
 * within the health-check timeout, for readiness. {@link #lastKnownHealth()} never checks anything and answers at once,
 * for liveness: a liveness probe must not wait on a dependency, or an outage of that dependency gets healthy
 * processes restarted.
 */
@FunctionalInterface
public interface ServerHealthSource {

    /** Checks every dependency now and combines the answers. */
    ServerHealth serverHealth();

    /**
     * What the last check found, from memory, without waiting for any check: empty when nothing was checked yet (and
     * by default, for a source that keeps nothing). An implementation may start a new check in the background when
     * the last one is old, but never waits for it.
     */
    default Optional<ServerHealth> lastKnownHealth() {
        return Optional.empty();
    }
}
