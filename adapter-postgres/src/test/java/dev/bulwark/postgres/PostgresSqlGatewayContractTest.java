package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.SqlStatement;
import dev.bulwark.ports.sql.TableSummary;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The SQL gateway contract where the SQL tools log in as their own roles, and PostgreSQL's own value formats. */
class PostgresSqlGatewayContractTest extends PostgresGatewayContract {

    @Override
    protected DatabaseSettings options(PostgresServer server) {
        return PostgresDatabases.options(server, 4);
    }

    private Object readOne(String sql) {
        return gateway.execute(new SqlStatement(sql, List.of()), AccessMode.READ_ONLY, 10)
                .rows()
                .get(0)
                .get(0);
    }

    @Test
    void tellsTheStatementChecksThatEscapeStringsTakeBackslashEscapes() {
        assertThat(gateway.backslashEscapeStrings()).isTrue();
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

    @Test
    void listsNoTableTheReaderMayNotRead() {
        executeAsOwner("DROP TABLE IF EXISTS contract_hidden");
        executeAsOwner("CREATE TABLE contract_hidden (id INT)");
        executeAsOwner("REVOKE ALL ON contract_hidden FROM bulwark_sql_reader");
        try {
            assertThat(gateway.listTables(Set.of("public"), 10_000).tables())
                    .extracting(TableSummary::name)
                    .contains("contract_customers")
                    .doesNotContain("contract_hidden");
        } finally {
            executeAsOwner("DROP TABLE contract_hidden");
        }
    }
}
