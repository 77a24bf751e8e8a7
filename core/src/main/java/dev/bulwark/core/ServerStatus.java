package dev.bulwark.core;

/** The server's health, combined from the health of each dependency it is configured with. */
public enum ServerStatus {
    /** Everything configured is reachable. */
    HEALTHY,
    /**
     * An optional dependency is down, or a dependency reports degraded (for example Redis answering but refusing
     * writes); every tool still answers, perhaps slower.
     */
    DEGRADED,
    /** A required dependency is down, or the server is draining for shutdown: not ready for traffic. */
    UNHEALTHY;

    /** Whether a load balancer should send traffic ({@code /ready} 200). */
    public boolean isReady() {
        return this != UNHEALTHY;
    }
}
