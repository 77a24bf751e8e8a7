package dev.bulwark.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.SqlFailure;
import dev.bulwark.ports.sql.SqlStatementException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL tools' own pools on PostgreSQL, one per role, when they log in as their roles.
 */
final class SqlLoginPools implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqlLoginPools.class);

    /** The reader's pool name, in logs and the {@code pool} tag of the HikariCP meters. */
    static final String READER_POOL = "bulwark-db-sql-reader";
    /** The writer's pool name, in logs and the {@code pool} tag of the HikariCP meters. */
    static final String WRITER_POOL = "bulwark-db-sql-writer";

    private final HikariDataSource reader;
    private final HikariDataSource writer;

    /**
     * @param reader a pool configuration logging in as the reader role
     * @param writer a pool configuration logging in as the writer role
     * @param poolSize the connections each pool may hold
     */
    SqlLoginPools(HikariConfig reader, HikariConfig writer, int poolSize) {
        reader.setMaximumPoolSize(poolSize);
        writer.setMaximumPoolSize(poolSize);
        this.reader = new HikariDataSource(reader);
        this.writer = new HikariDataSource(writer);
    }

    /** The pool of {@code mode}'s role. */
    HikariDataSource pool(AccessMode mode) {
        return mode == AccessMode.READ_WRITE ? writer : reader;
    }

    /**
     * A connection logged in as {@code mode}'s role.
     *
     * @throws SqlStatementException ({@code NOT_SET_UP}) when PostgreSQL refuses the login
     * @throws SQLException when the database cannot be reached
     */
    Connection connect(AccessMode mode) throws SQLException {
        try {
            return pool(mode).getConnection();
        } catch (SQLException e) {
            if (isRefusedLogin(e)) {
                String role = SqlRoles.forMode(mode);
                LOG.error(
                        "PostgreSQL refuses the SQL tools' login as {} (SQLSTATE {}): check the role's password"
                                + " (database.sql-reader-password, database.sql-writer-password) and that postgres-roles.sql"
                                + " made it a LOGIN role (docs/operations.md, Database)",
                        role,
                        stateOf(e));
                throw new SqlStatementException(SqlFailure.NOT_SET_UP, stateOf(e), OptionalInt.empty(), null);
            }
            throw e;
        }
    }

    /** Both pools, for their meters. */
    List<HikariDataSource> all() {
        return List.of(reader, writer);
    }

    @Override
    public void close() {
        reader.close();
        writer.close();
    }

    /** SQLSTATE class 28, invalid authorization: on the exception or on the login failure the pool reports. */
    private static boolean isRefusedLogin(SQLException e) {
        return stateOf(e).startsWith("28");
    }

    private static String stateOf(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }
}
