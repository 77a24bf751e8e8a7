package dev.bulwark.tools;

import dev.bulwark.core.ToolPack;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.users.UserRepository;
import dev.bulwark.tools.business.sql.SqlToolSettings;
import java.util.List;

/**
 * The reference server's built-in tool packs.
 */
public final class BuiltInTools {

    private BuiltInTools() {}

    /**
     * Every built-in pack, in the order above.
     *
     * @param users where the user tools keep users
     * @param sql the database the SQL tools run on
     * @param sqlTools what the SQL tools may do there
     */
    public static List<ToolPack> packs(UserRepository users, SqlGateway sql, SqlToolSettings sqlTools) {
        return List.of(new OpsPack(), new DataPack(), new UsersPack(users), sqlPack(sql, sqlTools));
    }

    /**
     * The SQL pack alone ({@code execute_query}, {@code batch_operations}, {@code list_tables},
     * {@code get_table_schema}), for an embedding application that serves it on a database of its own.
     *
     * @param sql the database the SQL tools run on
     * @param sqlTools what the SQL tools may do there
     */
    public static ToolPack sqlPack(SqlGateway sql, SqlToolSettings sqlTools) {
        return new SqlPack(sql, sqlTools);
    }
}
