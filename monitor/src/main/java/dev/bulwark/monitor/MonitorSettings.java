package dev.bulwark.monitor;

import dev.bulwark.config.ConfigProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The fleet monitor's settings. Immutable.
 *
 * @param enabled run the monitor instead of an MCP server ({@code --monitor})
 * @param host the address the monitor's HTTP port binds
 * @param port the monitor's HTTP port (0 binds a free one)
 * @param interval time between the starts of two rounds of checks (1 s-1 h)
 * @param concurrency checks running at once (1-64); the others of a round wait their turn
 * @param targets the servers watched, names unique
 */
public record MonitorSettings(
        boolean enabled, String host, int port, Duration interval, int concurrency, List<MonitorTarget> targets) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9091;
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final int DEFAULT_CONCURRENCY = 8;
    public static final int MAX_CONCURRENCY = 64;

    public MonitorSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(interval, "interval");
        targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
        if (host.isBlank()) {
            throw ConfigProblem.of("monitor.host", "must not be blank").refusal();
        }
        if (port < 0 || port > 65_535) {
            throw ConfigProblem.of("monitor.port", "must be between 0 and 65535")
                    .refusal();
        }
        if (interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofHours(1)) > 0) {
            throw ConfigProblem.of("monitor.interval", "must be between 1s and 1h")
                    .refusal();
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw ConfigProblem.of("monitor.concurrency", "must be between 1 and " + MAX_CONCURRENCY)
                    .refusal();
        }
        Set<String> names = new HashSet<>();
        for (MonitorTarget target : targets) {
            if (!names.add(target.name())) {
                throw new IllegalArgumentException("monitor.targets." + target.name() + " is given twice");
            }
        }
    }

    /** Off, on loopback port 9091, every 30 s, 8 at once, no targets. */
    public static MonitorSettings defaults() {
        return new MonitorSettings(false, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_INTERVAL, DEFAULT_CONCURRENCY, List.of());
    }

    /** What is wrong across fields, each accepted alone: {@code "<key> <reason>"}; empty when nothing. */
    public List<ConfigProblem> problems() {
        List<ConfigProblem> problems = new ArrayList<>();
        if (enabled && targets.isEmpty()) {
            problems.add(ConfigProblem.of(
                    "monitor.enabled",
                    "is true but the config file's monitor.targets section names no target",
                    "add one section per MCP server to watch"));
        }
        return problems;
    }

    public MonitorSettings withEnabled(boolean value) {
        return new MonitorSettings(value, host, port, interval, concurrency, targets);
    }

    public MonitorSettings withHost(String value) {
        return new MonitorSettings(enabled, value, port, interval, concurrency, targets);
    }

    public MonitorSettings withPort(int value) {
        return new MonitorSettings(enabled, host, value, interval, concurrency, targets);
    }

    public MonitorSettings withInterval(Duration value) {
        return new MonitorSettings(enabled, host, port, value, concurrency, targets);
    }

    public MonitorSettings withConcurrency(int value) {
        return new MonitorSettings(enabled, host, port, interval, value, targets);
    }

    public MonitorSettings withTargets(List<MonitorTarget> value) {
        return new MonitorSettings(enabled, host, port, interval, concurrency, value);
    }
}
