package dev.bulwark.tools;

import dev.bulwark.core.ToolPack;
import dev.bulwark.core.ToolPackContext;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.tools.business.sql.SqlService;
import dev.bulwark.tools.business.sql.SqlToolSettings;
import dev.bulwark.tools.presentation.sql.SqlTools;
import java.util.Objects;

/**
 * The SQL pack: {@code execute_query}, {@code batch_operations}, {@code list_tables}, {@code get_table_schema} on a
 * {@link SqlGateway} ({@link SqlTools}), limited by its {@link SqlToolSettings} and the gateway's schemas and timeouts. Immutable.
 */
final class SqlPack implements ToolPack {

    private final SqlGateway gateway;
    private final SqlToolSettings settings;

    /**
     * @param gateway the database the statements run on, which also sets the schemas they may name and the timeouts
     * @param settings what the statements may do: writes, row limit, batch size
     */
    public SqlPack(SqlGateway gateway, SqlToolSettings settings) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void register(ToolPackContext pack) {
        pack.tools(SqlTools.create(SqlService.on(gateway, settings), settings));
    }
}
