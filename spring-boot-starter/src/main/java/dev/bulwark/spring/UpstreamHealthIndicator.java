package dev.bulwark.spring;

import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.ComponentStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * One upstream MCP server's health in Actuator: {@code UP} whether connected or not, as Bulwark maps an optional
 * component, with its status ({@code up} or {@code degraded}) and why in the details. Thread-safe.
 */
final class UpstreamHealthIndicator implements HealthIndicator {

    private final dev.bulwark.ports.health.HealthIndicator upstream;

    UpstreamHealthIndicator(dev.bulwark.ports.health.HealthIndicator upstream) {
        this.upstream = upstream;
    }

    @Override
    public Health health() {
        ComponentHealth health = upstream.check();
        // optional: a disconnected upstream degrades the application, it never takes it out of service
        Health.Builder builder =
                Health.up().withDetail("status", health.status() == ComponentStatus.UP ? "up" : "degraded");
        builder.withDetails(health.details());
        return builder.build();
    }
}
