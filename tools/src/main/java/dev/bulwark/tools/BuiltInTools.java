package dev.bulwark.tools;

import dev.bulwark.core.ToolPack;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.users.UserRepository;
import dev.bulwark.tools.business.sql.DatabaseSettings;
import java.util.List;

/**
 * The reference server's built-in tool packs, registered with {@code Bulwark.Builder.pack} like an embedding team's
 * own: {@link OpsPack} ({@code health_check}, {@code get_metrics}, {@code check_dependencies}; scope
 * {@code ops:read}), {@link DataPack} ({@code process_data}; scope {@code tools:read}, cached), {@link UsersPack}
 * and {@link SqlPack}. Stateless factory.
 */
public final class BuiltInTools {

    private BuiltInTools() {
    }

    /**
     * Every built-in pack, in the order above.
     *
     * @param users where the user tools keep users
     * @param sql the database the SQL tools run on
     * @param database what the SQL tools may do there
     */
    public static List<ToolPack> packs(UserRepository users, SqlGateway sql, DatabaseSettings database) {
        return List.of(new OpsPack(), new DataPack(), new UsersPack(users), new SqlPack(sql, database));
    }
}
