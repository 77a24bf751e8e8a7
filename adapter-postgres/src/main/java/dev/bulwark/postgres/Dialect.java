package dev.bulwark.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.TableListing;
import dev.bulwark.ports.sql.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * What differs between PostgreSQL and the embedded H2. Implementations are thread-safe.
 */
interface Dialect extends AutoCloseable {

    /** {@code postgresql} or {@code h2}, for logs and health details. */
    String name();

    /** See {@link JdbcDatabase#privateIdentity()}. */
    Optional<String> privateIdentity();

    /** See {@link dev.bulwark.ports.sql.SqlGateway#boundsRecursiveQueries()}. */
    boolean boundsRecursiveQueries();

    /** The connections as the schema owner: user repository and health checks. */
    OwnerPool pool();

    /** The SQL tools' own pools, when they log in as their roles; empty when they use {@link #pool()}. */
    default List<HikariDataSource> sqlPools() {
        return List.of();
    }

    /**
     * Unpooled connections as the schema owner, with the same bounded timeouts, for the migrations: Flyway holds
     * several connections at once, which must not starve (or wait for) the pool.
     */
    DataSource migrationDataSource();

    /**
     * A connection for the SQL tools, inside a transaction, acting with the least privileges {@code mode} needs and
     * with the statement timeout set so the statement cannot change it. The caller commits (read-write only) and
     * closes it; closing rolls back whatever was not committed and leaves no setting behind.
     *
     * @throws dev.bulwark.ports.sql.SqlStatementException ({@code NOT_SET_UP}) when the restricted roles are missing
     */
    Connection openSqlSession(AccessMode mode) throws SQLException;

    /**
     * Ends a session of {@code mode} from {@link #openSqlSession} after its transaction was committed or rolled back, and leaves the
     * connection exactly as a fresh one: whatever a statement may have changed for the session (settings, role,
     * advisory locks, prepared statements, temporary tables) is reset. A connection that cannot be reset is closed
     * for good instead of returning to the pool. Never throws.
     */
    void endSqlSession(Connection session, AccessMode mode);

    /**
     * Refuses a statement the driver would send as more than one.
     *
     * @throws dev.bulwark.ports.sql.SqlStatementException ({@code MULTIPLE_STATEMENTS})
     */
    void checkSingleStatement(Connection session, String sql) throws SQLException;

    /** The table from the catalog, as the SQL tools' reader may see it, on a session from {@link #openSqlSession}. */
    Optional<TableSchema> describeTable(Connection session, String schema, String table) throws SQLException;

    /**
     * The tables and views of {@code schemas} the SQL tools' reader may read, with their columns, in schema and name
     * order, on a session from {@link #openSqlSession}.
     */
    TableListing listTables(Connection session, Set<String> schemas, int maxTables) throws SQLException;

    /** Work after the migrations ran: the embedded database creates the SQL tools' users; PostgreSQL checks roles. */
    void afterMigration() throws SQLException;

    @Override
    void close();

    /** Closes a database nothing ever connected to: as {@link #close()}, without connecting to say goodbye. */
    default void closeUnopened() {
        close();
    }
}
