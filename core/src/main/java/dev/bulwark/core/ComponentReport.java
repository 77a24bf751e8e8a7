package dev.bulwark.core;

import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.Criticality;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One dependency's health in a {@link HealthReport}. Immutable.
 *
 * @param name the component, for example {@code redis}
 * @param status what its health indicator reported
 * @param criticality whether the server needs it
 * @param latency how long its check took
 * @param details safe facts about it
 */
public record ComponentReport(
        String name, ComponentStatus status, Criticality criticality, Duration latency, Map<String, String> details) {

    public ComponentReport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(criticality, "criticality");
        Objects.requireNonNull(latency, "latency");
        details = Map.copyOf(details);
    }
}
