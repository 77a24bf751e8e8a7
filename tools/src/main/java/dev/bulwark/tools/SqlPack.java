package dev.bulwark.tools;

import dev.bulwark.tools.presentation.sql.SqlTools;

import dev.bulwark.core.ToolPack;
import dev.bulwark.core.ToolPackContext;
import dev.bulwark.tools.business.sql.SqlService;
import dev.bulwark.tools.business.sql.StatementPolicy;
import dev.bulwark.core.config.DatabaseSettings;
import dev.bulwark.ports.sql.SqlGateway;
import java.util.Objects;

/**
 * The SQL pack: {@code execute_query}, {@code batch_operations}, {@code get_table_schema} on a {@link SqlGateway}
 * ({@link SqlTools}), limited by the {@code database} settings. Immutable.
 */
public final class SqlPack implements ToolPack {

    private final SqlGateway gateway;

    /** @param gateway the database the statements run on */
    public SqlPack(SqlGateway gateway) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    @Override
    public void register(ToolPackContext pack) {
        DatabaseSettings database = pack.config().database();
        // Configured means PostgreSQL, whose E'...' strings take backslash escapes; the embedded H2 reads them as
        // standard strings.
        StatementPolicy policy = new StatementPolicy(database.allowedSchemas(), database.configured());
        pack.tools(SqlTools.create(SqlService.on(gateway, policy, database), database));
    }
}
