package dev.bulwark.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The server's health at one instant, safe to show to operators and clients. Immutable.
 *
 * @param status the combined status
 * @param draining whether the server is shutting down
 * @param checkedAt when the checks ran
 * @param uptime how long the server has been running
 * @param version the server version
 * @param environment where it runs
 * @param components each dependency's health, by name
 */
public record HealthReport(
        ServerStatus status,
        boolean draining,
        Instant checkedAt,
        Duration uptime,
        String version,
        String environment,
        List<ComponentReport> components) {

    public HealthReport {
        components = List.copyOf(components);
    }
}
