package dev.bulwark.postgres;

import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.test.contract.SqlGatewayContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The SQL gateway contract on the shared real PostgreSQL, set up with the operators' roles script: the fixture
 * tables get their privileges from its default privileges, so no grant is needed here. Subclasses choose how the
 * SQL tools reach their roles.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PostgresGatewayContract extends SqlGatewayContract {

    private final Owner owner = new Owner(PostgresServer.shared().owner());
    private JdbcDatabase database;

    /** The options the database under test is opened with. */
    protected abstract DatabaseOptions options(PostgresServer server);

    @BeforeAll
    void openDatabase() {
        database = JdbcDatabase.open(options(PostgresServer.shared()), Ticker.system());
        database.ownerPool();
    }

    @AfterAll
    void closeDatabase() {
        database.close();
    }

    @Override
    protected SqlGateway createGateway() {
        return database.sqlGateway();
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
