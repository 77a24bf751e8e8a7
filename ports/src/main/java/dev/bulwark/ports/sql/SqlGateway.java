package dev.bulwark.ports.sql;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs SQL the core has already checked, and enforces the same limits again in the database. Implementations must
 * be thread-safe.
 */
public interface SqlGateway {

    /**
     * Runs one statement in its own transaction: read-only work in a read-only transaction as a role with read
     * privileges only, always rolled back; every statement with a timeout it cannot switch off; values only bound;
     * no pooled connection left with changed settings, role or open transaction.
     *
     * @param maxRows the most rows to return; more set {@link QueryResult#truncated()}
     * @throws SqlStatementException when the database refused the statement
     * @throws dev.bulwark.ports.DependencyUnavailableException when the database cannot be reached (a write whose
     *     outcome is unknown is never retried)
     * @throws dev.bulwark.ports.DependencyBusyException when the database is saturated
     */
    QueryResult execute(SqlStatement statement, AccessMode mode, int maxRows);

    /**
     * Runs the statements in order in one transaction: all take effect or none does. In read-only mode the
     * transaction is rolled back even when every statement succeeds.
     *
     * @param maxRows the most rows to return per statement
     * @return one result per statement, in order
     * @throws SqlStatementException naming the index of the first statement that failed; nothing was committed
     */
    List<QueryResult> executeBatch(List<SqlStatement> statements, AccessMode mode, int maxRows);

    /**
     * The table with exactly this schema and name, as the catalog describes it. The names are matched against the
     * catalog as values (never written into SQL, never treated as patterns).
     *
     * @return empty when there is no such table, or the SQL tools' roles cannot see it
     */
    Optional<TableSchema> describeTable(String schema, String table);

    /**
     * The tables and views of {@code schemas} that the SQL tools' read-only role may read, with their columns,
     * ordered by schema and name. The schema names are matched against the catalog exactly, as values; a schema
     * that does not exist lists nothing.
     *
     * @param maxTables the most tables to return; more set {@link TableListing#truncated()}
     */
    TableListing listTables(Set<String> schemas, int maxTables);

    /**
     * The schemas the SQL tools may see and name, as the catalog names them (case-sensitive); never empty. Statements
     * resolve unqualified names in them.
     */
    Set<String> allowedSchemas();

    /** How long one statement may run before the database cancels it ({@link SqlFailure#TIMEOUT}). */
    Duration statementTimeout();

    /** How long a call may wait for a connection before it fails. */
    Duration connectionTimeout();

    /**
     * Whether the database honours backslash escapes in {@code E'...'} string constants (PostgreSQL does; H2 does
     * not), so that statement checks read such strings as the database will. False when unknown.
     */
    default boolean backslashEscapeStrings() {
        return false;
    }

    /**
     * Whether a recursive query ({@code WITH RECURSIVE}) that never stops is held to the statement timeout. An engine
     * that keeps a recursion's rows in memory (H2) runs out of heap first, for the whole process: such queries are
     * then refused before they run.
     */
    default boolean boundsRecursiveQueries() {
        return true;
    }

    /**
     * The most bytes of data the gateway reads for one statement's result, or one row of it: a statement whose result
     * would need more fails with {@link SqlFailure#RESULT_TOO_LARGE} before the data is held in memory.
     * {@link Long#MAX_VALUE} when the gateway sets no such limit.
     */
    default long maxResultBytes() {
        return Long.MAX_VALUE;
    }
}
