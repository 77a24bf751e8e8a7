package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.test.contract.SqlGatewayContract;
import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.sql.SqlStatement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    private Object readOne(String sql) {
        return gateway.execute(new SqlStatement(sql, List.of()), AccessMode.READ_ONLY, 10).rows().get(0).get(0);
    }

    @Test
    void returnsPostgresSpecialDatesAsPostgresWritesThem() {
        assertThat(readOne("SELECT 'infinity'::date")).isEqualTo("infinity");
        assertThat(readOne("SELECT '-infinity'::timestamp")).isEqualTo("-infinity");
        assertThat(readOne("SELECT '0044-03-15 BC'::date")).isEqualTo("0044-03-15 BC");
        assertThat(readOne("SELECT '24:00:00'::time")).isEqualTo("24:00:00");
    }

    @Test
    void returnsATimeWithTimeZoneWithItsOffset() {
        assertThat(readOne("SELECT '12:00+03'::timetz")).isEqualTo("12:00:00+03");
    }

    @Test
    void returnsAnArrayOfTimestampsAsTheirText() {
        assertThat(readOne("SELECT ARRAY['2024-01-01 10:00:00'::timestamp, 'infinity'::timestamp]"))
                .isEqualTo(List.of("2024-01-01 10:00:00", "infinity"));
    }
}
