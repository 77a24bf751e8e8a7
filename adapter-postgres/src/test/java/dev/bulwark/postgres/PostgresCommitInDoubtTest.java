package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.WriteOutcomeUnknownException;
import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.SqlStatement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A SQL write whose connection dies while PostgreSQL commits it may or may not have been made, and says so (the
 * caller checks before writing again); one whose connection dies before the commit was rolled back, and is only
 * "unavailable". The backend is made to die at the chosen moment by a trigger that terminates its own backend: a
 * deferred one runs inside the {@code COMMIT}, an immediate one inside the {@code INSERT}.
 */
class PostgresCommitInDoubtTest {

    private final PostgresServer postgres = PostgresServer.shared();
    private final Owner owner = new Owner(postgres.owner());
    private JdbcDatabase database;

    @BeforeEach
    void open() {
        database = PostgresDatabases.open(postgres, 2);
        owner.execute("DROP TABLE IF EXISTS dies_at_commit");
        owner.execute("DROP TABLE IF EXISTS dies_at_insert");
        owner.execute("CREATE TABLE dies_at_commit (id INT PRIMARY KEY)");
        owner.execute("CREATE TABLE dies_at_insert (id INT PRIMARY KEY)");
        // As the superuser, so that it may end the application's own backend.
        postgres.asSuperuser("CREATE OR REPLACE FUNCTION public.end_own_backend() RETURNS trigger LANGUAGE plpgsql"
                + " SECURITY DEFINER AS $$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid());"
                + " PERFORM pg_sleep(5); RETURN NULL; END $$");
        owner.execute("CREATE CONSTRAINT TRIGGER end_at_commit AFTER INSERT ON dies_at_commit"
                + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.end_own_backend()");
        owner.execute("CREATE TRIGGER end_at_insert AFTER INSERT ON dies_at_insert"
                + " FOR EACH ROW EXECUTE FUNCTION public.end_own_backend()");
    }

    @AfterEach
    void close() {
        database.close();
        owner.execute("DROP TABLE IF EXISTS dies_at_commit");
        owner.execute("DROP TABLE IF EXISTS dies_at_insert");
    }

    private void write(String sql) {
        database.sqlGateway().execute(SqlStatement.of(sql), AccessMode.READ_WRITE, 10);
    }

    @Test
    void aWriteWhoseConnectionDiesDuringTheCommitHasAnUnknownOutcome() {
        assertThatThrownBy(() -> write("INSERT INTO dies_at_commit VALUES (1)"))
                .isInstanceOf(WriteOutcomeUnknownException.class)
                .satisfies(failure -> assertThat(((DependencyUnavailableException) failure).dependency())
                        .isEqualTo("database"));
    }

    @Test
    void aWriteWhoseConnectionDiesBeforeTheCommitIsOnlyUnavailable() {
        assertThatThrownBy(() -> write("INSERT INTO dies_at_insert VALUES (1)"))
                .isInstanceOf(DependencyUnavailableException.class)
                .isNotInstanceOf(WriteOutcomeUnknownException.class);
        assertThat(((Number) owner.query("SELECT count(*) FROM dies_at_insert")).longValue())
                .isZero();
    }
}
