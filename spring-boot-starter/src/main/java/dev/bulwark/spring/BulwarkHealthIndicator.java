package dev.bulwark.spring;

import dev.bulwark.core.BulwarkHealth;
import dev.bulwark.core.ComponentReport;
import dev.bulwark.core.HealthReport;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Bulwark's health in Actuator, as {@code bulwark}: {@code UP} when healthy or degraded (every tool still answers;
 * the details say which), {@code OUT_OF_SERVICE} while draining, {@code DOWN} when a required dependency is down.
 * Each dependency's status is a detail. Thread-safe.
 */
public final class BulwarkHealthIndicator implements HealthIndicator {

    private final BulwarkHealth health;

    BulwarkHealthIndicator(BulwarkHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        HealthReport report = health.check();
        Health.Builder builder = Health.status(statusOf(report));
        builder.withDetail("status", report.status().name().toLowerCase(Locale.ROOT));
        Map<String, String> components = new TreeMap<>();
        for (ComponentReport component : report.components()) {
            components.put(component.name(), component.status().name().toLowerCase(Locale.ROOT));
        }
        builder.withDetail("components", components);
        return builder.build();
    }

    static Status statusOf(HealthReport report) {
        if (report.draining()) {
            return Status.OUT_OF_SERVICE;
        }
        return switch (report.status()) {
            case HEALTHY, DEGRADED -> Status.UP;
            case UNHEALTHY -> Status.DOWN;
        };
    }
}
