package dev.bulwark.postgres;

import dev.bulwark.ports.contract.SqlGatewayContract;
import dev.bulwark.ports.sql.SqlGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The SQL gateway contract on a real PostgreSQL, set up with the operators' roles script: the fixture tables get
 * their privileges from its default privileges, so no grant is needed here.
 */
class PostgresSqlGatewayContractTest extends SqlGatewayContract {

    private static JdbcDatabase database;
    private static Owner owner;

    @BeforeAll
    static void openDatabase() {
        database = PostgresDatabases.open(PostgresServer.shared(), 4);
        owner = new Owner(PostgresServer.shared().owner());
    }

    @AfterAll
    static void closeDatabase() {
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
