package dev.bulwark.monitor;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigType;
import java.time.Duration;
import java.util.List;

/**
 * The keys of the fleet monitor ({@code monitor.*}), in catalogue order: each reads and sets one component of
 * {@link MonitorSettings}. The targets come from a config file's section of named records, which the server jar
 * reads.
 */
public final class MonitorKeys {

    /** {@code monitor.enabled}. */
    public static final ConfigKey<MonitorSettings, Boolean> ENABLED = ConfigKey.of(
            "monitor.enabled",
            "MCP_MONITOR",
            "--monitor",
            ConfigType.BOOLEAN,
            "Run as the fleet monitor of the MCP servers in monitor.targets instead of serving MCP",
            MonitorSettings::enabled,
            (settings, value) -> settings.withEnabled(value));

    /** {@code monitor.host}. */
    public static final ConfigKey<MonitorSettings, String> HOST = ConfigKey.of(
            "monitor.host",
            "MCP_MONITOR_HOST",
            "--monitor-host",
            ConfigType.STRING,
            "Address the monitor's /metrics, /health and /fleet bind; 0.0.0.0 for every interface",
            MonitorSettings::host,
            (settings, value) -> settings.withHost(value));

    /** {@code monitor.port}. */
    public static final ConfigKey<MonitorSettings, Integer> PORT = ConfigKey.of(
            "monitor.port",
            "MCP_MONITOR_PORT",
            "--monitor-port",
            ConfigType.INT,
            "Port of the monitor's /metrics, /health and /fleet",
            MonitorSettings::port,
            (settings, value) -> settings.withPort(value));

    /** {@code monitor.interval}. */
    public static final ConfigKey<MonitorSettings, Duration> INTERVAL = ConfigKey.of(
            "monitor.interval",
            "MCP_MONITOR_INTERVAL",
            "--monitor-interval",
            ConfigType.DURATION,
            "Time between two rounds of checks of the targets (1s-1h)",
            MonitorSettings::interval,
            (settings, value) -> settings.withInterval(value));

    /** {@code monitor.concurrency}. */
    public static final ConfigKey<MonitorSettings, Integer> CONCURRENCY = ConfigKey.of(
            "monitor.concurrency",
            "MCP_MONITOR_CONCURRENCY",
            "--monitor-concurrency",
            ConfigType.INT,
            "Checks running at once (1-64); the other targets of a round wait their turn",
            MonitorSettings::concurrency,
            (settings, value) -> settings.withConcurrency(value));

    private static final List<ConfigKey<MonitorSettings, ?>> ALL = List.of(ENABLED, HOST, PORT, INTERVAL, CONCURRENCY);

    private MonitorKeys() {}

    /** Every key of this table, in catalogue order. */
    public static List<ConfigKey<MonitorSettings, ?>> all() {
        return ALL;
    }
}
