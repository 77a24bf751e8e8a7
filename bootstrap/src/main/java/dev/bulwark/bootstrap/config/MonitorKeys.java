package dev.bulwark.bootstrap.config;

import dev.bulwark.monitor.MonitorSettings;
import dev.bulwark.monitor.MonitorTarget;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The keys of the fleet monitor, in two parts.
 *
 * <ul>
 *   <li>{@code monitor.*}: ordinary keys (file, environment variable, flag), in catalogue order. Owner: the monitor
 *       module's {@link MonitorSettings}.
 *   <li>The config file's {@code monitor.targets} section: one section per MCP server watched, named by the target,
 *       holding the {@link #FIELDS}. Targets are configured in the file only; a target's credential may also come
 *       from the environment variable {@code MONITOR_CREDENTIAL_<NAME>}, which wins over the file. Owner:
 *       {@link MonitorTarget}, which checks each field.
 * </ul>
 */
public final class MonitorKeys {

    /** The config file's section of targets. */
    public static final String TARGETS_SECTION = "monitor.targets";

    /** {@code monitor.enabled}. */
    public static final ConfigKey<Boolean> ENABLED = ConfigKey.of(
            "monitor.enabled",
            "MCP_MONITOR",
            "--monitor",
            ConfigType.BOOLEAN,
            "Run as the fleet monitor of the MCP servers in monitor.targets instead of serving MCP",
            config -> config.monitor().enabled(),
            (config, value) -> monitor(config, monitor -> monitor.withEnabled(value)));

    /** {@code monitor.host}. */
    public static final ConfigKey<String> HOST = ConfigKey.of(
            "monitor.host",
            "MCP_MONITOR_HOST",
            "--monitor-host",
            ConfigType.STRING,
            "Address the monitor's /metrics, /health and /fleet bind; 0.0.0.0 for every interface",
            config -> config.monitor().host(),
            (config, value) -> monitor(config, monitor -> monitor.withHost(value)));

    /** {@code monitor.port}. */
    public static final ConfigKey<Integer> PORT = ConfigKey.of(
            "monitor.port",
            "MCP_MONITOR_PORT",
            "--monitor-port",
            ConfigType.INT,
            "Port of the monitor's /metrics, /health and /fleet",
            config -> config.monitor().port(),
            (config, value) -> monitor(config, monitor -> monitor.withPort(value)));

    /** {@code monitor.interval}. */
    public static final ConfigKey<Duration> INTERVAL = ConfigKey.of(
            "monitor.interval",
            "MCP_MONITOR_INTERVAL",
            "--monitor-interval",
            ConfigType.DURATION,
            "Time between two rounds of checks of the targets (1s-1h)",
            config -> config.monitor().interval(),
            (config, value) -> monitor(config, monitor -> monitor.withInterval(value)));

    /** {@code monitor.concurrency}. */
    public static final ConfigKey<Integer> CONCURRENCY = ConfigKey.of(
            "monitor.concurrency",
            "MCP_MONITOR_CONCURRENCY",
            "--monitor-concurrency",
            ConfigType.INT,
            "Checks running at once (1-64); the other targets of a round wait their turn",
            config -> config.monitor().concurrency(),
            (config, value) -> monitor(config, monitor -> monitor.withConcurrency(value)));

    private static final List<ConfigKey<?>> ALL = List.of(ENABLED, HOST, PORT, INTERVAL, CONCURRENCY);

    /** The fields of a target's section, in the order the docs list them. */
    public static final List<SectionField<MonitorTarget.Builder, ?>> FIELDS = List.of(
            new SectionField<>(
                    "url",
                    ConfigType.STRING,
                    "(required)",
                    "The server's MCP endpoint (Streamable HTTP), http:// or https://; no user info, query or"
                            + " fragment",
                    false,
                    MonitorTarget.Builder::url),
            new SectionField<>(
                    "timeout",
                    ConfigType.DURATION,
                    ConfigType.DURATION.format(MonitorTarget.DEFAULT_TIMEOUT),
                    "Deadline of one whole check (connect, initialize, tools/list, the probe call), at most 300s",
                    false,
                    MonitorTarget.Builder::timeout),
            new SectionField<>(
                    "probe-tool",
                    ConfigType.STRING,
                    "(none)",
                    "Tool called with no arguments after tools/list; it must be listed and answer without isError,"
                            + " and a structured status of unhealthy or degraded is the server's own (Bulwark:"
                            + " health_check)",
                    false,
                    MonitorTarget.Builder::probeTool),
            new SectionField<>(
                    "credential-header",
                    ConfigType.STRING,
                    MonitorTarget.DEFAULT_CREDENTIAL_HEADER,
                    "Header that carries the credential; Authorization sends Bearer <credential>, any other"
                            + " header (X-API-Key) the credential as it is",
                    false,
                    MonitorTarget.Builder::credentialHeader),
            new SectionField<>(
                    "credential",
                    ConfigType.STRING,
                    "(secret)",
                    "Bearer token or API key the monitor presents; MONITOR_CREDENTIAL_<NAME> (the name upper-case,"
                            + " - as _) wins over it; never printed, never in /metrics or /fleet",
                    true,
                    MonitorTarget.Builder::credential));

    private MonitorKeys() {}

    /** Every {@code monitor.*} key, in catalogue order. */
    static List<ConfigKey<?>> all() {
        return ALL;
    }

    /** The field of this name, if any. */
    static Optional<SectionField<MonitorTarget.Builder, ?>> field(String name) {
        return SectionField.named(FIELDS, name);
    }

    /** Every field's name. */
    static List<String> fieldNames() {
        return SectionField.names(FIELDS);
    }

    private static ServerConfig monitor(ServerConfig config, UnaryOperator<MonitorSettings> change) {
        return config.toBuilder().monitor(change.apply(config.monitor())).build();
    }
}
