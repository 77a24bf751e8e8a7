package dev.bulwark.ports.health;

import java.util.Map;
import java.util.Objects;

/**
 * What a {@link HealthIndicator} found: a status and a few details safe to show an operator. Immutable.
 *
 * @param status the component's state
 * @param details human-readable facts, in insertion order
 */
public record ComponentHealth(ComponentStatus status, Map<String, String> details) {

    public ComponentHealth {
        Objects.requireNonNull(status, "status");
        details = Map.copyOf(Objects.requireNonNull(details, "details"));
    }

    public static ComponentHealth up() {
        return new ComponentHealth(ComponentStatus.UP, Map.of());
    }

    public static ComponentHealth up(Map<String, String> details) {
        return new ComponentHealth(ComponentStatus.UP, details);
    }

    public static ComponentHealth degraded(String reason) {
        return new ComponentHealth(ComponentStatus.DEGRADED, Map.of("reason", reason));
    }

    public static ComponentHealth down(String reason) {
        return new ComponentHealth(ComponentStatus.DOWN, Map.of("reason", reason));
    }
}
