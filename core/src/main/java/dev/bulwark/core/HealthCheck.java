package dev.bulwark.core;

import java.time.Duration;

/**
 * The server's health as a tool pack reads it, from {@link ToolPackContext#health()}. Implementations are
 * thread-safe.
 */
public interface HealthCheck {

    /** Checks every dependency now and reports the server's status with each component's. */
    HealthReport check();

    /** How long the server has been running. */
    Duration uptime();
}
