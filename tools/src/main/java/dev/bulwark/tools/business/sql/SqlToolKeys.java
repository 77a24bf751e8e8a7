package dev.bulwark.tools.business.sql;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigType;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The keys of what the SQL tools may do ({@code database.allow-writes*}, {@code database.row-limit},
 * {@code database.batch-max-operations}), in catalogue order: each reads and sets one component of
 * {@link SqlToolSettings}.
 */
public final class SqlToolKeys {

    /** {@code database.allow-writes}. */
    public static final ConfigKey<SqlToolSettings, Boolean> DATABASE_ALLOW_WRITES = ConfigKey.of(
            "database.allow-writes",
            "MCP_DATABASE_ALLOW_WRITES",
            "--database-allow-writes",
            ConfigType.BOOLEAN,
            "Whether execute_query and batch_operations may write (the caller also needs the sql:write scope)",
            SqlToolSettings::allowWrites,
            (settings, value) -> with(settings, sqlTools -> sqlTools.allowWrites(value)));

    /** {@code database.allow-writes-without-where}. */
    public static final ConfigKey<SqlToolSettings, Boolean> DATABASE_ALLOW_WRITES_WITHOUT_WHERE = ConfigKey.of(
            "database.allow-writes-without-where",
            "MCP_DATABASE_ALLOW_WRITES_WITHOUT_WHERE",
            "--database-allow-writes-without-where",
            ConfigType.BOOLEAN,
            "Whether a write may be an UPDATE or DELETE without a WHERE clause, which changes every row of its table",
            SqlToolSettings::allowWritesWithoutWhere,
            (settings, value) -> with(settings, sqlTools -> sqlTools.allowWritesWithoutWhere(value)));

    /** {@code database.row-limit}. */
    public static final ConfigKey<SqlToolSettings, Integer> DATABASE_ROW_LIMIT = ConfigKey.of(
            "database.row-limit",
            "MCP_DATABASE_ROW_LIMIT",
            "--database-row-limit",
            ConfigType.INT,
            "Rows a query returns at most; more are cut and flagged truncated",
            SqlToolSettings::rowLimit,
            (settings, value) -> with(settings, sqlTools -> sqlTools.rowLimit(value)));

    /** {@code database.batch-max-operations}. */
    public static final ConfigKey<SqlToolSettings, Integer> DATABASE_BATCH_MAX_OPERATIONS = ConfigKey.of(
            "database.batch-max-operations",
            "MCP_DATABASE_BATCH_MAX_OPERATIONS",
            "--database-batch-max-operations",
            ConfigType.INT,
            "Statements one batch_operations call may hold at most",
            SqlToolSettings::batchMaxOperations,
            (settings, value) -> with(settings, sqlTools -> sqlTools.batchMaxOperations(value)));

    private static final List<ConfigKey<SqlToolSettings, ?>> ALL = List.of(
            DATABASE_ALLOW_WRITES,
            DATABASE_ALLOW_WRITES_WITHOUT_WHERE,
            DATABASE_ROW_LIMIT,
            DATABASE_BATCH_MAX_OPERATIONS);

    private SqlToolKeys() {}

    /** Every key of this table, in catalogue order. */
    public static List<ConfigKey<SqlToolSettings, ?>> all() {
        return ALL;
    }

    private static SqlToolSettings with(SqlToolSettings settings, UnaryOperator<SqlToolSettings.Builder> change) {
        return change.apply(settings.toBuilder()).build();
    }
}
