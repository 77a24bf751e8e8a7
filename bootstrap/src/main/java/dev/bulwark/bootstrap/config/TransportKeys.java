package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigType;
import java.util.List;

/**
 * The key that picks the server jar's transport: {@code http.enabled}. It sits in the {@code http} section of the
 * file, but the launcher reads it, not the HTTP adapter, so its owner is {@link TransportSettings}.
 */
public final class TransportKeys {

    /** {@code http.enabled}. */
    public static final ConfigKey<TransportSettings, Boolean> HTTP_ENABLED = ConfigKey.of(
            "http.enabled",
            "MCP_HTTP",
            "--http",
            ConfigType.BOOLEAN,
            "Serve MCP over Streamable HTTP instead of stdio",
            TransportSettings::http,
            (settings, value) -> new TransportSettings(value));

    private static final List<ConfigKey<TransportSettings, ?>> ALL = List.of(HTTP_ENABLED);

    private TransportKeys() {}

    /** Every key of this table, in catalogue order. */
    public static List<ConfigKey<TransportSettings, ?>> all() {
        return ALL;
    }
}
