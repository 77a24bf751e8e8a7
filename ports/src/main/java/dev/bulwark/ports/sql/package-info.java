/**
 * The gateway the SQL tools run vetted statements through, and the values it speaks in.
 *
 * <p><b>{@link SqlGateway}</b>: Runs SQL the core has already checked (one statement each, allowed types, no
 * dangerous functions) and enforces the same limits again in the database, where they cannot be argued with:
 *
 * <ul>
 *   <li>{@link AccessMode#READ_ONLY} work runs in a read-only transaction, as a role with read privileges only, and
 *       is always rolled back; {@link AccessMode#READ_WRITE} work runs as a role with only the write privileges the
 *       SQL tools need;
 *   <li>every statement has a timeout the statement itself cannot switch off, and no pooled connection is left with
 *       changed settings, role or open transaction;
 *   <li>values are only bound, and rows are fetched through a cursor up to the requested maximum.
 * </ul>
 *
 * <p>It also tells the SQL tools the limits it enforces that their checks and messages need: the schemas they may
 * name, the statement and connection timeouts, and how the database reads {@code E'...'} strings.
 *
 * <p>Implementations must be thread-safe. Failures: {@link SqlStatementException} when the database refused a
 * statement, {@link dev.bulwark.ports.DependencyUnavailableException} when it cannot be reached (a write whose
 * outcome is unknown is never retried), {@link dev.bulwark.ports.DependencyBusyException} when it is saturated.
 *
 * <p><b>{@link QueryResult}</b>: What one statement produced: the rows of a query (at most the requested number,
 * fetched through a cursor), or the number of rows a write changed. Row values are JDK values only: {@code null},
 * {@link String}, {@link Boolean}, {@link Long}, {@link java.math.BigDecimal}, {@link Double}, or a {@link List} of
 * those for arrays; every other database type arrives as its text form. Immutable.
 *
 * <p><b>{@link TableSummary}</b>: A table or view as a listing of the catalog names it: where it is, what it is,
 * and its columns. Every name comes from the catalog, never from the caller. Immutable.
 *
 * <p><b>{@link SqlStatement}</b>: One SQL statement with {@code ?} placeholders and the values bound to them, in
 * order. Values are only ever bound, never written into the SQL text. Immutable.
 *
 * <p><b>{@link SqlStatementException}</b>: The database refused or aborted a statement; the connection is fine and
 * the transaction was rolled back. Carries the category, the SQLSTATE code and, in a batch, the index of the
 * failing statement. The message is safe to log; it never holds the statement text or the database's own message.
 *
 * <p><b>{@link SqlFailure}</b>: Why the database refused or aborted a statement, in categories a caller can act on.
 * The database's own message is never passed on: it may quote data or the server's internals.
 */
package dev.bulwark.ports.sql;
