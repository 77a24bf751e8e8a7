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
        return List.of(new OpsPack(), new DataPack(), new UsersPack(users), new SqlPack(sql, sqlTools));
    }
}
