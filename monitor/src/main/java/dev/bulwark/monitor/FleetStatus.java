package dev.bulwark.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The fleet as the last checks found it, one entry a target in the configured order. Immutable.
 *
 * @param servers each target's last known state
 */
public record FleetStatus(List<ServerStatus> servers) {

    public FleetStatus {
        servers = List.copyOf(servers);
    }

    /**
     * The whole fleet in one word: {@code up} when every target's last check was healthy, {@code down} when none
     * was up (healthy or degraded), {@code degraded} in between, {@code unknown} while a target has not been checked
     * yet.
     */
    public String overall() {
        if (servers.stream().anyMatch(server -> server.last().isEmpty())) {
            return "unknown";
        }
        long healthy = servers.stream().filter(ServerStatus::isHealthy).count();
        long up = servers.stream().filter(ServerStatus::isUp).count();
        return healthy == servers.size() ? "up" : up == 0 ? "down" : "degraded";
    }

    /**
     * One target's state.
     *
     * @param name the target's name
     * @param last its last check's result, empty before the first
     * @param lastHealthyAt when a check last found it healthy
     * @param consecutiveFailures checks in a row, up to the last, that did not find it healthy
     */
    public record ServerStatus(
            String name, Optional<CheckResult> last, Optional<Instant> lastHealthyAt, int consecutiveFailures) {

        /** Whether the last check found it up: healthy, or degraded but serving. */
        public boolean isUp() {
            return last.map(result -> result.outcome().isUp()).orElse(false);
        }

        /** Whether the last check found it healthy. */
        public boolean isHealthy() {
            return last.map(result -> result.outcome().isHealthy()).orElse(false);
        }

        /** Its state in one word: {@code up}, {@code degraded}, {@code down}, or {@code unknown} before a check. */
        public String state() {
            return last.isEmpty() ? "unknown" : isHealthy() ? "up" : isUp() ? "degraded" : "down";
        }
    }
}
