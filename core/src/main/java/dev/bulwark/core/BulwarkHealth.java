package dev.bulwark.core;

import dev.bulwark.ports.health.ServerHealthSource;

/**
 * The server's health as its transports and its operator use it: checks, liveness and readiness, and draining for
 * shutdown. Implementations are thread-safe.
 */
public interface BulwarkHealth extends HealthCheck, ServerHealthSource {

    /** Marks the server as shutting down: from then on it reports unhealthy (not ready). */
    void startDraining();

    /** Whether {@link #startDraining()} was called. */
    boolean isDraining();
}
