package dev.bulwark.tools;

import dev.bulwark.core.ToolPack;
import dev.bulwark.core.ToolPackContext;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.tools.business.sql.DatabaseSettings;
import dev.bulwark.tools.business.sql.SqlService;
import dev.bulwark.tools.business.sql.StatementPolicy;
import dev.bulwark.tools.presentation.sql.SqlTools;
import java.util.Objects;

/**
 * The SQL pack: {@code execute_query}, {@code batch_operations}, {@code list_tables}, {@code get_table_schema} on a
 * {@link SqlGateway} ({@link SqlTools}), limited by its {@link DatabaseSettings}. Immutable.
 */
final class SqlPack implements ToolPack {

    private final SqlGateway gateway;
    private final DatabaseSettings database;

    /**
     * @param gateway the database the statements run on
     * @param database what the statements may do: writes, row limit, schemas, batch size, timeouts
     */
    public SqlPack(SqlGateway gateway, DatabaseSettings database) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void register(ToolPackContext pack) {
        // Configured means PostgreSQL, whose E'...' strings take backslash escapes; the embedded H2 reads them as
        // standard strings.
        StatementPolicy policy = new StatementPolicy(database.allowedSchemas(), database.configured());
        pack.tools(SqlTools.create(SqlService.on(gateway, policy, database), database));
    }
}
