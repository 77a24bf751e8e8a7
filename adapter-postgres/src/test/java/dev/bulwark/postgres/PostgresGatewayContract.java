package dev.bulwark.postgres;

import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.test.contract.SqlGatewayContract;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;

/**
 * The SQL gateway contract on the shared real PostgreSQL, set up with the operators' roles script: the fixture
 * tables get their privileges from its default privileges, so no grant is needed here. Subclasses choose how the
 * SQL tools reach their roles. Each subclass opens its database once, at its first test, and closes it after its
 * last.
 */
abstract class PostgresGatewayContract extends SqlGatewayContract {

    /** The database of the test class running now, by class. */
    private static final Map<Class<?>, JdbcDatabase> OPEN = new ConcurrentHashMap<>();

    private final Owner owner = new Owner(PostgresServer.shared().owner());

    /** The options the database under test is opened with. */
    protected abstract DatabaseSettings options(PostgresServer server);

    @AfterAll
    static void closeDatabases() {
        OPEN.values().forEach(JdbcDatabase::close);
        OPEN.clear();
    }

    @Override
    protected SqlGateway createGateway() {
        return OPEN.computeIfAbsent(getClass(), type -> {
                    JdbcDatabase database = PostgresDatabases.start(options(PostgresServer.shared()));
                    database.ownerPool(); // waits for the schema
                    return database;
                })
                .sqlGateway();
    }

    @Override
    protected void executeAsOwner(String sql) {
        owner.execute(sql);
    }

    @Override
    protected Object queryAsOwner(String sql) {
        return owner.query(sql);
    }

    @Override
    protected void grantToSqlRoles(String table) {
        // postgres-roles.sql set default privileges for tables the application role creates in public.
    }

    @Override
    protected String slowStatement() {
        return "SELECT pg_sleep(5)";
    }
}
