package dev.bulwark.tools.business.services;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigType;
import java.time.Duration;
import java.util.List;

/**
 * The keys of the service tools' batch limits ({@code outbound.batch-*}), in catalogue order: each reads and sets
 * one component of {@link ApiToolSettings}.
 */
public final class ApiToolKeys {

    /** {@code outbound.batch-max-requests}. */
    public static final ConfigKey<ApiToolSettings, Integer> BATCH_MAX_REQUESTS = ConfigKey.of(
            "outbound.batch-max-requests",
            "MCP_OUTBOUND_BATCH_MAX_REQUESTS",
            "--outbound-batch-max-requests",
            ConfigType.INT,
            "Requests one batch_api_requests call may hold (1-100)",
            ApiToolSettings::batchMaxRequests,
            (settings, value) -> settings.withBatchMaxRequests(value));

    /** {@code outbound.batch-concurrency}. */
    public static final ConfigKey<ApiToolSettings, Integer> BATCH_CONCURRENCY = ConfigKey.of(
            "outbound.batch-concurrency",
            "MCP_OUTBOUND_BATCH_CONCURRENCY",
            "--outbound-batch-concurrency",
            ConfigType.INT,
            "Requests of one batch_api_requests call running at once",
            ApiToolSettings::batchConcurrency,
            (settings, value) -> settings.withBatchConcurrency(value));

    /** {@code outbound.batch-timeout}. */
    public static final ConfigKey<ApiToolSettings, Duration> BATCH_TIMEOUT = ConfigKey.of(
            "outbound.batch-timeout",
            "MCP_OUTBOUND_BATCH_TIMEOUT",
            "--outbound-batch-timeout",
            ConfigType.DURATION,
            "Deadline of one batch_api_requests call; requests not finished by then are cancelled and reported so",
            ApiToolSettings::batchTimeout,
            (settings, value) -> settings.withBatchTimeout(value));

    private static final List<ConfigKey<ApiToolSettings, ?>> ALL =
            List.of(BATCH_MAX_REQUESTS, BATCH_CONCURRENCY, BATCH_TIMEOUT);

    private ApiToolKeys() {}

    /** Every key of this table, in catalogue order. */
    public static List<ConfigKey<ApiToolSettings, ?>> all() {
        return ALL;
    }
}
