package dev.bulwark.core.presentation.tools;

import dev.bulwark.core.business.caching.CacheKeys;
import dev.bulwark.core.business.caching.ResultCache;
import dev.bulwark.core.business.health.HealthService;
import dev.bulwark.core.business.metrics.MetricsReportService;
import dev.bulwark.core.business.processing.DataProcessingService;
import dev.bulwark.core.business.sql.SqlService;
import dev.bulwark.core.business.users.UserService;
import dev.bulwark.core.config.DatabaseSettings;
import dev.bulwark.core.presentation.tool.Tool;
import dev.bulwark.core.presentation.tools.data.ProcessDataTool;
import dev.bulwark.core.presentation.tools.ops.OpsTools;
import dev.bulwark.core.presentation.tools.sql.SqlTools;
import dev.bulwark.core.presentation.tools.users.UserTools;
import java.util.List;

/**
 * The reference server's built-in tools that need nothing beyond the core: {@code health_check},
 * {@code get_metrics}, {@code check_dependencies} (scope {@code ops:read}) and {@code process_data} (scope
 * {@code tools:read}, cached). They are built with the same public {@link Tool} API an embedding team uses, and
 * registered like any other tool. Stateless factory; the tools are immutable and thread-safe.
 */
public final class BuiltInTools {

    private BuiltInTools() {
    }

    /**
     * The built-in tools, in the order above.
     *
     * @param health the server's health model
     * @param metrics reads the server's metrics
     * @param processing does {@code process_data}'s work
     * @param maxDataBytes the largest {@code process_data} payload, as compact UTF-8 JSON ({@code MAX_REQUEST_SIZE})
     */
    public static List<Tool<?, ?>> create(
            HealthService health, MetricsReportService metrics, DataProcessingService processing, long maxDataBytes) {
        return List.of(
                OpsTools.healthCheck(health),
                OpsTools.getMetrics(metrics),
                OpsTools.checkDependencies(health),
                ProcessDataTool.create(processing, maxDataBytes));
    }

    /**
     * The user tools: {@code create_user}, {@code get_user} (cached, shared), {@code update_user},
     * {@code list_users}, {@code delete_user} (scopes {@code users:read} / {@code users:write}).
     *
     * @param users the user service
     * @param cache the response cache, whose {@code get_user} entries writes evict
     * @param keys builds those entries' keys
     */
    public static List<Tool<?, ?>> users(UserService users, ResultCache cache, CacheKeys keys) {
        return UserTools.create(users, cache, keys);
    }

    /**
     * The SQL tools: {@code execute_query}, {@code batch_operations}, {@code get_table_schema} (scope
     * {@code sql:read}; writes also {@code sql:write}).
     *
     * @param sql the SQL service
     * @param settings the database settings, for the tools' timeouts and limits
     */
    public static List<Tool<?, ?>> sql(SqlService sql, DatabaseSettings settings) {
        return SqlTools.create(sql, settings);
    }
}
