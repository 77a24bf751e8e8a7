package dev.bulwark.postgres;

import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.QueryResult;
import dev.bulwark.ports.sql.SqlFailure;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.sql.SqlStatement;
import dev.bulwark.ports.sql.SqlStatementException;
import dev.bulwark.ports.sql.TableListing;
import dev.bulwark.ports.sql.TableSchema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The {@link SqlGateway}: each call one transaction on a restricted SQL-tools session. Thread-safe.
 */
final class JdbcSqlGateway implements SqlGateway {

    /**
     * Rows per fetch: the driver holds a whole fetch in memory, and refuses one larger than
     * {@link RowReader#MAX_RESULT_BYTES}, so rows averaging up to 80 KiB still fetch (and are cut at the size budget).
     */
    private static final int FETCH_SIZE = 100;

    private final Dialect dialect;
    private final SchemaMigrator migrator;
    private final DatabaseGuard guard;
    private final DatabaseTracing tracing;
    private final int clientTimeoutSeconds;
    private final DatabaseSettings options;

    JdbcSqlGateway(
            Dialect dialect,
            SchemaMigrator migrator,
            DatabaseGuard guard,
            DatabaseSettings options,
            DatabaseTracing tracing) {
        this.tracing = tracing;
        this.dialect = dialect;
        this.migrator = migrator;
        this.guard = guard;
        this.options = options;
        // The client-side clock fires after the server's statement_timeout, as a backstop.
        this.clientTimeoutSeconds = DatabaseSettings.seconds(options.statementTimeout()) + 1;
    }

    @Override
    public QueryResult execute(SqlStatement statement, AccessMode mode, int maxRows) {
        return executeBatch(List.of(statement), mode, maxRows, false).get(0);
    }

    @Override
    public List<QueryResult> executeBatch(List<SqlStatement> statements, AccessMode mode, int maxRows) {
        return executeBatch(statements, mode, maxRows, true);
    }

    private List<QueryResult> executeBatch(List<SqlStatement> statements, AccessMode mode, int maxRows, boolean batch) {
        SqlWork<List<QueryResult>> work = () -> {
            migrator.ensureMigrated();
            Connection session = dialect.openSqlSession(mode);
            try {
                try {
                    List<QueryResult> results = new ArrayList<>(statements.size());
                    for (int i = 0; i < statements.size(); i++) {
                        stopIfCancelled();
                        results.add(run(
                                session, statements.get(i), maxRows, batch ? OptionalInt.of(i) : OptionalInt.empty()));
                    }
                    if (mode == AccessMode.READ_WRITE) {
                        // The last moment to honour a cancellation: past it, the caller may already have been told
                        // the call was cancelled, and a commit now would apply what it will retry.
                        stopIfCancelled();
                        CommitInDoubt.committing(() -> {
                            session.commit();
                            return null;
                        });
                    } else {
                        session.rollback();
                    }
                    return results;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(session);
                    throw e;
                }
            } finally {
                dialect.endSqlSession(session, mode);
            }
        };
        return tracing.traced(
                batch ? "BATCH" : "QUERY",
                null,
                () -> mode == AccessMode.READ_WRITE ? guard.write(work) : guard.read(work));
    }

    @Override
    public Optional<TableSchema> describeTable(String schema, String table) {
        return catalogRead("DESCRIBE", session -> dialect.describeTable(session, schema, table));
    }

    @Override
    public TableListing listTables(Set<String> schemas, int maxTables) {
        return catalogRead("LIST", session -> dialect.listTables(session, schemas, maxTables));
    }

    /**
     * Runs a catalog look-up in a read-only SQL session. Its failures are sorted as a statement's are: one cancelled at
     * the statement timeout (the table is locked by another transaction) is a TIMEOUT the caller is told about.
     */
    private <T> T catalogRead(String operation, CatalogLookup<T> lookup) {
        return tracing.traced(
                operation,
                null,
                () -> guard.read(() -> {
                    migrator.ensureMigrated();
                    Connection session = dialect.openSqlSession(AccessMode.READ_ONLY);
                    try {
                        return lookup.in(session);
                    } catch (SQLException e) {
                        if (SqlErrors.isConnectionFailure(e) || SqlErrors.isInterruption(e)) {
                            throw e;
                        }
                        throw new SqlStatementException(SqlErrors.classify(e), e.getSQLState(), OptionalInt.empty(), e);
                    } finally {
                        dialect.endSqlSession(session, AccessMode.READ_ONLY);
                    }
                }));
    }

    /** A look-up of the catalog in an open SQL session. */
    @FunctionalInterface
    private interface CatalogLookup<T> {

        T in(Connection session) throws SQLException;
    }

    private QueryResult run(Connection session, SqlStatement statement, int maxRows, OptionalInt index)
            throws SQLException {
        try {
            dialect.checkSingleStatement(session, statement.sql());
        } catch (SqlStatementException e) {
            throw new SqlStatementException(e.failure(), e.sqlState(), index, null);
        }
        try (PreparedStatement prepared =
                session.prepareStatement(statement.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            prepared.setQueryTimeout(clientTimeoutSeconds);
            prepared.setMaxRows(maxRows + 1);
            prepared.setFetchSize(Math.min(maxRows + 1, FETCH_SIZE));
            bind(prepared, statement.parameters());
            boolean hasRows = prepared.execute();
            if (hasRows) {
                try (ResultSet rows = prepared.getResultSet()) {
                    return RowReader.read(rows, maxRows);
                }
            }
            long updated = prepared.getLargeUpdateCount();
            return new QueryResult(List.of(), List.of(), false, OptionalLong.of(Math.max(0, updated)));
        } catch (SQLException e) {
            if (SqlErrors.isResultTooLarge(e)) {
                // Checked first: PgJDBC reports it as a connection failure (08S01). No SQLSTATE is passed on, as
                // that one would mislead.
                throw new SqlStatementException(SqlFailure.RESULT_TOO_LARGE, "", index, e);
            }
            if (SqlErrors.isConnectionFailure(e) || SqlErrors.isInterruption(e)) {
                throw e;
            }
            throw new SqlStatementException(SqlErrors.classify(e), e.getSQLState(), index, e);
        }
    }

    /**
     * Ends the transaction, rolled back by the caller's catch, when this thread was interrupted: the tool's deadline
     * passed (the pipeline has answered "cancelled" and interrupts the handler) or the server is stopping. JDBC
     * drivers do not stop a statement on an interrupt, so without this check the work would go on and commit after
     * the client was told it was cancelled. The interrupt stays set for the guard, which then records nothing.
     */
    private static void stopIfCancelled() {
        if (Thread.currentThread().isInterrupted()) {
            throw new DatabaseGuard.Abandoned(
                    "database call cancelled before it committed: rolled back, nothing" + " was committed", null);
        }
    }

    private static void bind(PreparedStatement prepared, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            int index = i + 1;
            if (value == null) {
                prepared.setNull(index, Types.NULL);
            } else if (value instanceof String text) {
                prepared.setString(index, text);
            } else if (value instanceof Boolean flag) {
                prepared.setBoolean(index, flag);
            } else if (value instanceof Long number) {
                prepared.setLong(index, number);
            } else {
                prepared.setBigDecimal(index, (BigDecimal) value);
            }
        }
    }

    private static void rollbackQuietly(Connection session) {
        try {
            if (!session.isClosed() && !session.getAutoCommit()) {
                session.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is broken; closing it lets the pool evict it
        }
    }

    @Override
    public long maxResultBytes() {
        return RowReader.MAX_RESULT_BYTES;
    }

    @Override
    public Set<String> allowedSchemas() {
        return options.allowedSchemas();
    }

    @Override
    public Duration statementTimeout() {
        return options.statementTimeout();
    }

    @Override
    public Duration connectionTimeout() {
        return options.connectionTimeout();
    }

    @Override
    public boolean backslashEscapeStrings() {
        // A URL means PostgreSQL; without one the embedded H2 serves, which reads E'...' as a standard string.
        return options.configured();
    }

    @Override
    public boolean boundsRecursiveQueries() {
        return dialect.boundsRecursiveQueries();
    }
}
