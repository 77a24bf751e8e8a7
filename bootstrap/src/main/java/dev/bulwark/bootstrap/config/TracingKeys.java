package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigType;
import java.util.List;
import java.util.Optional;

/**
 * The keys of tracing ({@code tracing.*}), in catalogue order. Their variables are the OpenTelemetry standard ones,
 * so a deployment that already sets {@code OTEL_EXPORTER_OTLP_ENDPOINT} traces with no other change. Each reads and
 * sets one component of {@link TracingSettings}.
 */
public final class TracingKeys {

    /** {@code tracing.endpoint}. */
    public static final ConfigKey<TracingSettings, Optional<String>> TRACING_ENDPOINT = ConfigKey.of(
            "tracing.endpoint",
            "OTEL_EXPORTER_OTLP_ENDPOINT",
            "--tracing-endpoint",
            ConfigType.OPTIONAL_TEXT,
            "OTLP/HTTP collector base URL spans are exported to (the SDK adds /v1/traces); unset = tracing off",
            TracingSettings::endpoint,
            (settings, value) -> settings.withEndpoint(value));

    /** {@code tracing.service-name}. */
    public static final ConfigKey<TracingSettings, Optional<String>> TRACING_SERVICE_NAME = ConfigKey.of(
            "tracing.service-name",
            "OTEL_SERVICE_NAME",
            "--tracing-service-name",
            ConfigType.OPTIONAL_TEXT,
            "service.name of the exported spans; unset = server.name",
            TracingSettings::serviceName,
            (settings, value) -> settings.withServiceName(value));

    private static final List<ConfigKey<TracingSettings, ?>> ALL = List.of(TRACING_ENDPOINT, TRACING_SERVICE_NAME);

    private TracingKeys() {}

    /** Every key of this table, in catalogue order. */
    public static List<ConfigKey<TracingSettings, ?>> all() {
        return ALL;
    }
}
