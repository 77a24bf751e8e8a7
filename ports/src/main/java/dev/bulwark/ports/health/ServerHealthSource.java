package dev.bulwark.ports.health;

import java.util.Optional;

/**
 * Where a transport learns the server's health for its liveness and readiness probes. Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface ServerHealthSource {

    /** Checks every dependency now and combines the answers. */
    ServerHealth serverHealth();

    /**
     * What the last check found, from memory, without waiting for any check: empty when nothing was checked yet (and
     * by default, for a source that keeps nothing). An implementation may start a new check in the background when
     * the last one is old, but never waits for it: a liveness probe that waited on a dependency would get healthy
     * processes restarted during its outage.
     */
    default Optional<ServerHealth> lastKnownHealth() {
        return Optional.empty();
    }
}
