package dev.bulwark.postgres;

import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.test.contract.SqlGatewayContract;
import org.junit.jupiter.api.AfterEach;

/** The SQL gateway contract on the embedded H2 database, whose SQL users the adapter creates itself. */
class H2SqlGatewayContractTest extends SqlGatewayContract {

    private JdbcDatabase database;
    private Owner owner;

    @Override
    protected SqlGateway createGateway() {
        database = H2Databases.open();
        owner = new Owner(database.ownerPool());
        return database.sqlGateway();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
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
        // The embedded database grants its SQL users rights on the whole allowed schema, new tables included.
    }

    @Override
    protected String slowStatement() {
        return "SELECT count(*) FROM system_range(1, 100000000) a, system_range(1, 1000) b";
    }
}
