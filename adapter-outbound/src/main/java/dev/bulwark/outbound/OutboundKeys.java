package dev.bulwark.outbound;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigType;
import java.time.Duration;
import java.util.List;

/**
 * The keys of the registered services' health checks and response cap ({@code outbound.health-*},
 * {@code outbound.max-response-size}), in catalogue order: each reads and sets one component of
 * {@link OutboundSettings}. The services themselves come from a config file's section of named records, which the
 * server jar reads.
 */
public final class OutboundKeys {

    /** {@code outbound.health-interval}. */
    public static final ConfigKey<OutboundSettings, Duration> HEALTH_INTERVAL = ConfigKey.of(
            "outbound.health-interval",
            "MCP_OUTBOUND_HEALTH_INTERVAL",
            "--outbound-health-interval",
            ConfigType.DURATION,
            "Time between two rounds of health checks of the registered services (all checked at once)",
            OutboundSettings::healthInterval,
            (settings, value) -> settings.withHealthInterval(value));

    /** {@code outbound.health-timeout}. */
    public static final ConfigKey<OutboundSettings, Duration> HEALTH_TIMEOUT = ConfigKey.of(
            "outbound.health-timeout",
            "MCP_OUTBOUND_HEALTH_TIMEOUT",
            "--outbound-health-timeout",
            ConfigType.DURATION,
            "How long one service's health check may take before the service counts as down (at most 300s)",
            OutboundSettings::healthTimeout,
            (settings, value) -> settings.withHealthTimeout(value));

    /** {@code outbound.max-response-size}. */
    public static final ConfigKey<OutboundSettings, Long> MAX_RESPONSE_SIZE = ConfigKey.of(
            "outbound.max-response-size",
            "MCP_OUTBOUND_MAX_RESPONSE_SIZE",
            "--outbound-max-response-size",
            ConfigType.BYTE_SIZE,
            "Largest response body read from a registered service (1KiB-64MiB); a larger one fails the call unread",
            OutboundSettings::maxResponseBytes,
            (settings, value) -> settings.withMaxResponseBytes(value));

    private static final List<ConfigKey<OutboundSettings, ?>> ALL =
            List.of(HEALTH_INTERVAL, HEALTH_TIMEOUT, MAX_RESPONSE_SIZE);

    private OutboundKeys() {}

    /** Every key of this table, in catalogue order. */
    public static List<ConfigKey<OutboundSettings, ?>> all() {
        return ALL;
    }
}
