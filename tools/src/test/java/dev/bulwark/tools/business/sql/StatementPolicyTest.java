package dev.bulwark.tools.business.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.select.PlainSelect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser layer of the SQL tools alone; the database layers are tested against real databases. */
class StatementPolicyTest {

    private final StatementPolicy policy = new StatementPolicy(Set.of("public", "sales"));
    /** For PostgreSQL, whose E'...' strings take backslash escapes. */
    private final StatementPolicy postgres = new StatementPolicy(Set.of("public", "sales"), true);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT 1",
                "select * from accounts where id = ?",
                "SELECT a.id, count(*) FROM public.accounts a JOIN sales.orders o ON o.account_id = a.id GROUP BY a.id",
                "WITH t AS (SELECT 1 AS x) SELECT x FROM t",
                "SELECT 1 UNION ALL SELECT 2 ORDER BY 1",
                "VALUES (1, 'a'), (2, 'b')",
                "EXPLAIN SELECT * FROM accounts",
                "SELECT pg_sleep(1)",
                "SELECT now(), lower(name), coalesce(balance, 0) FROM accounts",
                "SELECT * FROM accounts;",
            })
    void acceptsReads(String sql) {
        assertThat(policy.check(sql).kind()).isEqualTo(StatementKind.READ);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "INSERT INTO accounts (name) VALUES (?)",
                "UPDATE accounts SET balance = balance + 1 WHERE id = ?",
                "DELETE FROM accounts WHERE id = ?",
                "INSERT INTO accounts (name) VALUES ('x') RETURNING id",
                "WITH gone AS (DELETE FROM accounts WHERE id = 1 RETURNING id) SELECT * FROM gone",
            })
    void classifiesWrites(String sql) {
        assertThat(policy.check(sql).kind()).isEqualTo(StatementKind.WRITE);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "DELETE FROM accounts",
                "UPDATE accounts SET balance = 0",
                "WITH gone AS (DELETE FROM accounts RETURNING id) SELECT * FROM gone",
                "WITH t AS (SELECT 1) UPDATE accounts SET balance = 0",
            })
    void marksAnUpdateOrDeleteWithoutWhere(String sql) {
        assertThat(policy.check(sql).writesWithoutWhere())
                .containsExactly(sql.contains("UPDATE") ? "UPDATE accounts" : "DELETE FROM accounts");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "DELETE FROM accounts WHERE id = ?",
                "UPDATE accounts SET balance = 0 WHERE id = ?",
                "INSERT INTO accounts (name) VALUES (?)",
                "SELECT * FROM accounts",
                "WITH gone AS (DELETE FROM accounts WHERE id = 1 RETURNING id) SELECT * FROM gone",
            })
    void marksNothingWhenEveryUpdateOrDeleteHasAWhere(String sql) {
        assertThat(policy.check(sql).writesWithoutWhere()).isEmpty();
    }

    @Test
    void countsPlaceholders() {
        assertThat(policy.check("SELECT * FROM accounts WHERE id = ? AND name <> ? OR id IN (SELECT ?)")
                        .parameterCount())
                .isEqualTo(3);
    }

    @Test
    void marksARecursiveCommonTableExpression() {
        assertThat(policy.check("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5)"
                                + " SELECT n FROM r")
                        .recursive())
                .isTrue();
        assertThat(policy.check("WITH t AS (SELECT 1 AS n) SELECT n FROM t").recursive())
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT * FROM accounts LIMIT ?",
                "SELECT * FROM accounts LIMIT 5 OFFSET ?",
                "SELECT * FROM accounts OFFSET ? ROWS",
                "SELECT * FROM accounts FETCH FIRST ? ROWS ONLY",
                "SELECT * FROM accounts ORDER BY ?",
                "SELECT count(*) FROM accounts GROUP BY ?",
                "SELECT 1 UNION ALL SELECT 2 LIMIT ?",
                "SELECT * FROM (SELECT * FROM accounts LIMIT ?) t",
                "SELECT row_number() OVER (ORDER BY ?) FROM accounts",
                "SELECT array_agg(id ORDER BY ?) FROM accounts",
            })
    void countsPlaceholdersInEveryClause(String sql) {
        assertThat(policy.check(sql).parameterCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT 1 FROM accounts ORDER BY (SELECT count(*) FROM secret.users)",
                "SELECT 1 FROM accounts GROUP BY (SELECT count(*) FROM secret.users)",
                "SELECT 1 FROM accounts OFFSET (SELECT count(*) FROM secret.users) ROWS",
                "SELECT 1 FROM accounts LIMIT 1 OFFSET (SELECT count(*) FROM secret.users)",
                "SELECT 1 FROM accounts FETCH FIRST (SELECT count(*) FROM secret.users) ROWS ONLY",
                "SELECT 1 FROM accounts QUALIFY (SELECT count(*) FROM secret.users) > 0",
                "SELECT 1 UNION ALL SELECT 2 ORDER BY (SELECT count(*) FROM secret.users)",
                "SELECT * FROM (SELECT 1 FROM accounts ORDER BY (SELECT count(*) FROM secret.users)) t",
                "SELECT row_number() OVER (ORDER BY (SELECT count(*) FROM secret.users)) FROM accounts",
                "SELECT row_number() OVER w FROM accounts WINDOW w AS (ORDER BY (SELECT count(*) FROM secret.users))",
                "VALUES (1) ORDER BY (SELECT count(*) FROM secret.users)",
                "SELECT row_number() OVER (PARTITION BY (SELECT count(*) FROM secret.users)) FROM accounts",
                "SELECT array_agg(id ORDER BY (SELECT count(*) FROM secret.users)) FROM accounts",
                "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY (SELECT count(*) FROM secret.users)) FROM accounts",
                "SELECT count(*) FILTER (WHERE (SELECT count(*) FROM secret.users) > 0) FROM accounts",
            })
    void refusesTablesInOtherSchemasInEveryClause(String sql) {
        assertThatThrownBy(() -> policy.check(sql))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("schema 'secret'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT x FROM generate_series(1, 255) x OFFSET (SELECT ascii(setting) FROM pg_settings LIMIT 1)",
                "SELECT 1 FROM accounts ORDER BY (SELECT count(*) FROM pg_stat_activity)",
            })
    void refusesPostgresSystemCatalogsInEveryClause(String sql) {
        assertThatThrownBy(() -> policy.check(sql))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("PostgreSQL system catalog");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT overlay('' placing set_config('role', 'none', true) from 1)",
                "SELECT substring('abc' FROM pg_read_file('x')::int FOR 1)",
                "SELECT position(pg_read_file('x') in 'abc')",
                "SELECT DISTINCT ON (pg_read_file('x')) id FROM accounts",
                "INSERT INTO accounts (id, name) VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET name = pg_read_file('x')",
                "INSERT INTO accounts (id, name) VALUES (1, 'a') RETURNING pg_read_file('x')",
            })
    void refusesDangerousFunctionsInClausesTheVisitorDoesNotWalk(String sql) {
        assertThatThrownBy(() -> postgres.check(sql))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("not allowed");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT overlay('' placing (SELECT string_agg(email, ',') FROM secret.users) from 1)",
                "SELECT DISTINCT ON ((SELECT count(*) FROM secret.users)) id FROM accounts",
                "INSERT INTO accounts (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET id = (SELECT count(*) FROM secret.users)",
            })
    void refusesTablesInOtherSchemasInClausesTheVisitorDoesNotWalk(String sql) {
        assertThatThrownBy(() -> postgres.check(sql))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("schema 'secret'");
    }

    @Test
    void refusesASystemCatalogReadInsideAFunctionsNamedArguments() {
        assertThatThrownBy(() -> postgres.check("SELECT overlay('' placing (SELECT setting FROM pg_settings"
                        + " WHERE name = 'listen_addresses') from 1)"))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("PostgreSQL system catalog");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT 1 --\r, overlay('' placing set_config('role','none',true) from 1)",
                "SELECT 1 --\r; DELETE FROM accounts",
            })
    void aLineCommentEndsAtACarriageReturnAsInPostgres(String sql) {
        assertThatThrownBy(() -> postgres.check(sql)).isInstanceOf(SqlRefusedException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT g FROM generate_series(1, 1000000) g",
                "SELECT REPEAT('a', 2) AS big FROM SYSTEM_RANGE(1, 50)",
                "SELECT * FROM accounts a, LATERAL unnest(ARRAY[1, 2]) u",
            })
    void acceptsTableFunctionsThatAreNotDangerous(String sql) {
        assertThat(postgres.check(sql).parameterCount()).isZero();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "INSERT INTO accounts (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = ? | 3",
                "SELECT substring(name FROM ? FOR ?) FROM accounts | 2",
                "SELECT position(? in name) FROM accounts | 1",
                "SELECT DISTINCT ON (?) id FROM accounts | 1",
            })
    void countsPlaceholdersWhereverTheyAre(String sql, int count) {
        assertThat(postgres.check(sql).parameterCount()).isEqualTo(count);
    }

    @Test
    void doesNotCountAQuestionMarkInsideAString() {
        assertThat(policy.check("SELECT '?' FROM accounts WHERE id = ?").parameterCount())
                .isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT 1; COMMIT",
                "SELECT 1; DELETE FROM accounts",
                "COMMIT; SELECT 1",
                "SELECT 1; -- comment\n DROP TABLE accounts",
                "SELECT 1 /* ; */ ; SELECT 2",
            })
    void refusesMoreThanOneStatement(String sql) {
        assertThatThrownBy(() -> policy.check(sql))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("Statement refused");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT E'\\''; DELETE FROM accounts; --'",
                "SELECT 1 /* /* nested */ ; */ ; DELETE FROM accounts",
                "SELECT $x$ ; $x$; DELETE FROM accounts",
            })
    void refusesASecondStatementHiddenByQuotingThePostgresWay(String sql) {
        assertThatThrownBy(() -> postgres.check(sql))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("2 statements");
    }

    @Test
    void refusesADangerousCallWithACommentBeforeItsParenthesis() {
        assertThatThrownBy(() -> policy.check("SELECT pg_read_file /* x */ ('/etc/passwd')"))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("pg_read_file");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT U&\"\\0073et_config\"('role', 'none', true)",
                "SELECT u&\"\\0073et_config\"('role', 'none', true)",
                "SELECT * FROM U&\"acc\\006Funts\"",
                "SELECT U&'\\0041'",
                "SELECT U&\"d!0061t!+000061\" UESCAPE '!' FROM accounts",
            })
    void refusesUnicodeEscapesThatOnlyPostgresWouldDecode(String sql) {
        assertThatThrownBy(() -> policy.check(sql))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("escaped Unicode name or string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1 & 2", "SELECT u & 1 FROM (SELECT 3 AS u) t", "SELECT 'U&\"x\"'"})
    void acceptsAnAmpersandThatIsNoUnicodeEscape(String sql) {
        assertThat(policy.check(sql)).isNotNull();
    }

    @Test
    void refusesAnUnterminatedComment() {
        assertThatThrownBy(() -> policy.check("SELECT 1 /* open"))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("unterminated");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "COMMIT",
                "ROLLBACK",
                "BEGIN",
                "START TRANSACTION",
                "SAVEPOINT a",
                "SET statement_timeout = 0",
                "SET ROLE postgres",
                "RESET ROLE",
                "RESET ALL",
                "SET SESSION AUTHORIZATION x",
                "DROP TABLE accounts",
                "CREATE TABLE x (id int)",
                "ALTER TABLE accounts ADD COLUMN x int",
                "TRUNCATE accounts",
                "GRANT ALL ON accounts TO public",
                "COPY accounts TO PROGRAM 'id'",
                "COPY accounts FROM '/etc/passwd'",
                "DO $$ BEGIN PERFORM 1; END $$",
                "CALL proc()",
                "LOCK TABLE accounts",
                "VACUUM",
                "PREPARE p AS SELECT 1",
                "EXECUTE p",
                "LISTEN x",
                "NOTIFY x",
                "DISCARD ALL",
                "CREATE FUNCTION f() RETURNS int AS 'select 1' LANGUAGE sql",
                "SHOW ALL",
                "RUNSCRIPT FROM 'x.sql'",
                "SCRIPT TO 'x.sql'",
            })
    void refusesEveryOtherStatementType(String sql) {
        assertThatThrownBy(() -> policy.check(sql)).isInstanceOf(SqlRefusedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CALL proc()", "CALL public.proc(1, 'a')", "call proc()"})
    void namesACallStatementAsACall(String sql) {
        assertThatThrownBy(() -> policy.check(sql))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("this is a CALL statement")
                .hasMessageNotContaining("EXECUTE");
    }

    @Test
    void namesAnExecuteStatementWithItsArticle() {
        assertThatThrownBy(() -> policy.check("EXECUTE p"))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("this is an EXECUTE statement");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT * FROM accounts WHERE id = $1",
                "SELECT $1::int",
                "UPDATE accounts SET name = $1 WHERE id = $2",
                "SELECT * FROM accounts WHERE id = ?1",
            })
    void refusesNumberedPlaceholdersSayingToUseQuestionMarks(String sql) {
        assertThatThrownBy(() -> policy.check(sql))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("use ? placeholders");
        assertThatThrownBy(() -> postgres.check(sql))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("use ? placeholders");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT '$1'", "SELECT 'costs $1'", "SELECT \"$1\" FROM accounts", "SELECT 1 -- $1"})
    void aDollarNumberInsideAStringOrNameIsNoPlaceholder(String sql) {
        assertThat(postgres.check(sql).parameterCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT pg_read_file('/etc/passwd')",
                "SELECT pg_catalog.pg_read_file('/etc/passwd')",
                "SELECT \"pg_read_file\"('/etc/passwd')",
                "SELECT PG_READ_BINARY_FILE('/etc/passwd')",
                "SELECT * FROM pg_ls_dir('.')",
                "SELECT set_config('statement_timeout', '0', false)",
                "SELECT set_config('role', 'postgres', true)",
                "SELECT lo_import('/etc/passwd')",
                "SELECT pg_advisory_lock(1)",
                "SELECT pg_terminate_backend(1)",
                "SELECT query_to_xml('DELETE FROM accounts', true, true, '')",
                "SELECT dblink_exec('host=x', 'DROP TABLE accounts')",
                "SELECT * FROM accounts WHERE id = (SELECT length(pg_read_file('/etc/passwd')))",
                "WITH t AS (SELECT pg_read_file('x') AS f) SELECT * FROM t",
                "INSERT INTO accounts (name) SELECT pg_read_file('/etc/passwd')",
                "UPDATE accounts SET name = 'x' WHERE id = 1 RETURNING set_config('a.b', 'c', false)",
                "SELECT FILE_READ('/etc/passwd')",
                "SELECT * FROM CSVREAD('/etc/passwd')",
                "SELECT inet_server_addr(), inet_server_port()",
                "SELECT current_setting('listen_addresses')",
                "SELECT * FROM pg_show_all_settings()",
                "SELECT DATABASE_PATH()",
                "SELECT * FROM ts_stat('SELECT to_tsvector(email) FROM bulwark.users')",
                "SELECT ts_rewrite('a'::tsquery, 'SELECT ''a''::tsquery, ''b''::tsquery')",
                "SELECT table_to_xml('bulwark.users', true, true, '')",
            })
    void refusesDangerousFunctionsAnywhere(String sql) {
        assertThatThrownBy(() -> policy.check(sql))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("not allowed");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT name, setting FROM pg_settings",
                "SELECT query, client_addr FROM pg_stat_activity",
                "SELECT rolname FROM PG_ROLES",
                "SELECT * FROM accounts WHERE name IN (SELECT usename FROM pg_user)",
            })
    void refusesPostgresSystemCatalogsNamedWithoutTheirSchema(String sql) {
        assertThatThrownBy(() -> policy.check(sql))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("PostgreSQL system catalog");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT * FROM accounts FOR UPDATE",
                "SELECT * FROM accounts FOR SHARE",
                "SELECT * FROM accounts FOR NO KEY UPDATE",
                "SELECT * FROM (SELECT * FROM accounts FOR UPDATE) t",
            })
    void refusesLockingClauses(String sql) {
        assertThatThrownBy(() -> policy.check(sql))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("locking");
    }

    @Test
    void refusesSelectInto() {
        assertThatThrownBy(() -> policy.check("SELECT * INTO copy FROM accounts"))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("SELECT INTO");
    }

    @Test
    void refusesExplainAnalyzeOfAWrite() {
        assertThatThrownBy(() ->
                        policy.check("EXPLAIN ANALYZE WITH d AS (DELETE FROM accounts RETURNING id) SELECT * FROM d"))
                .isInstanceOf(SqlRefusedException.class);
    }

    @Test
    void refusesTablesInOtherSchemas() {
        assertThatThrownBy(() -> policy.check("SELECT * FROM pg_catalog.pg_authid"))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("schema 'pg_catalog'");
    }

    @Test
    void refusesNamedParameters() {
        assertThatThrownBy(() -> policy.check("SELECT * FROM accounts WHERE id = :id"))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("? placeholders");
    }

    @Test
    void refusesWhatItCannotParse() {
        assertThatThrownBy(() -> policy.check("SELEKT 1 FRUM nowhere"))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("could not be parsed");
    }

    @Test
    void refusesAnOverlongStatement() {
        assertThatThrownBy(() -> policy.check("SELECT '" + "x".repeat(StatementPolicy.MAX_SQL_LENGTH) + "'"))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("characters long");
    }

    @Test
    void refusesAnEmptyStatement() {
        assertThatThrownBy(() -> policy.check("  ")).isInstanceOf(SqlRefusedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT E'it\\'s'", "SELECT e'it\\'s' AS x", "SELECT E'a\\\\', E'\\'' FROM accounts"})
    void readsAnEscapeStringWithBackslashEscapesAsOneStringOnPostgres(String sql) {
        assertThat(postgres.check(sql).kind()).isEqualTo(StatementKind.READ);
    }

    @Test
    void findsASecondStatementAfterAnEscapeStringOnPostgres() {
        assertThatThrownBy(() -> postgres.check("SELECT E'it\\'s'; DELETE FROM accounts"))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("2 statements");
    }

    @Test
    void findsADangerousCallAfterAnEscapeStringOnPostgres() {
        assertThatThrownBy(() -> postgres.check("SELECT E'\\'', pg_read_file('/etc/passwd')"))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("pg_read_file");
    }

    @Test
    void aDangerousNameInsideAnEscapeStringIsNoCallOnPostgres() {
        assertThat(postgres.check("SELECT E'pg_read_file(\\'/etc/passwd\\')'").kind())
                .isEqualTo(StatementKind.READ);
    }

    @Test
    void aQuotedIdentifierEIsNoEscapeStringPrefix() {
        // PostgreSQL reads "e" as a column and '\' as a standard string, so the semicolon ends the statement
        assertThatThrownBy(() -> postgres.check("SELECT \"e\"'\\'; DELETE FROM accounts; --'"))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("2 statements");
    }

    @Test
    void refusesAnEscapeStringWithABackslashWhereTheDatabaseDoesNotHonourTheEscapes() {
        assertThatThrownBy(() -> policy.check("SELECT E'a\\\\b'"))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("E'...' string holding a backslash");
    }

    @Test
    void refusesAnEscapedQuoteWhereTheDatabaseDoesNotHonourTheEscapesSayingHowToWriteIt() {
        assertThatThrownBy(() -> policy.check("SELECT E'it\\'s'"))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("write a quote in a string as ''");
    }

    @Test
    void refusesAnEscapeStringThatHidesASecondStatementTheWayH2ReadsIt() {
        // H2 reads E'a\' as the string a\ and runs the DELETE
        assertThatThrownBy(() -> policy.check("SELECT E'a\\' ; DELETE FROM accounts; --'"))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("Statement refused");
    }

    @Test
    void acceptsAnEscapeStringWithoutABackslashWhateverTheDatabase() {
        assertThat(policy.check("SELECT E'it''s'").kind()).isEqualTo(StatementKind.READ);
    }

    @Test
    void refusesParenthesesNestedBeyondTheLimitSayingSo() {
        String sql = "SELECT " + "(".repeat(3000) + "1" + ")".repeat(3000);

        assertThatThrownBy(() -> policy.check(sql))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("nests parentheses 3000 levels deep; at most 32 are accepted");
    }

    @Test
    void refusesNestingTheParserGivesUpOnSayingItNestsTooDeeply() {
        String sql = "SELECT " + "(".repeat(30) + "1" + ")".repeat(30);

        assertThatThrownBy(() -> policy.check(sql))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("nests parentheses 30 levels deep, too deep for the checker");
    }

    @Test
    void acceptsModerateNesting() {
        assertThat(policy.check("SELECT " + "(".repeat(10) + "1" + ")".repeat(10))
                        .kind())
                .isEqualTo(StatementKind.READ);
    }

    @Test
    void parenthesesInsideStringsDoNotCountAsNesting() {
        assertThat(policy.check("SELECT '" + "(".repeat(100) + "'").kind()).isEqualTo(StatementKind.READ);
    }

    @Test
    void refusesAStatementTooDeepToWalkSayingItNestsTooDeeply() throws Exception {
        // what the parser makes of SELECT 1+1+...+1 with a very long chain: a tree as deep as the chain
        Expression chain = new LongValue(1);
        for (int i = 0; i < 200_000; i++) {
            Addition addition = new Addition();
            addition.setLeftExpression(chain);
            addition.setRightExpression(new LongValue(1));
            chain = addition;
        }
        PlainSelect select = (PlainSelect) CCJSqlParserUtil.parse("SELECT 1 FROM accounts");
        select.setWhere(new EqualsTo(chain, new LongValue(1)));

        assertThatThrownBy(() -> StatementPolicy.inspect(new StatementInspector(Set.of("public")), select))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("nests expressions too deeply");
    }
}
