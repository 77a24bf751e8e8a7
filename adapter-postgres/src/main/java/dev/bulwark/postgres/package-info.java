/**
 * The database adapter: users, the SQL gateway, health and pool meters on PostgreSQL or an embedded H2, behind a circuit breaker.
 *
 * <p><b>{@link DatabaseGuard}</b>: The resilience around every database call: a Failsafe circuit breaker, a
 * semaphore as wide as the pool, and for reads a Failsafe retry policy, applied as retry → breaker → permit:
 *
 * <ul>
 *   <li>a <b>circuit breaker</b> that opens after consecutive connection failures (never after a refused
 *       statement: the database answered) and then fails calls at once with "database unavailable", until a trial
 *       call after the open delay succeeds. Only answers are recorded: a call refused as busy records nothing, and
 *       neither does a call whose thread was interrupted before the database answered (a health check or a tool
 *       abandoned at its deadline), except in the half-open state, where an abandoned trial is a failed trial.
 *       A health probe is never the half-open trial (see {@link DatabaseGuard#probe}); when it finds the database back, it closes
 *       the breaker. The pool is told when the breaker opens and closes, so that it stops refilling itself in the
 *       background during the outage;
 *   <li>a <b>bulkhead</b> as wide as the pool, with a short wait: when every connection is busy, the excess call is
 *       refused within {@value DatabaseGuard#BULKHEAD_WAIT_MS} ms as "busy" instead of queueing for the pool's connection timeout;
 *   <li>for reads only, <b>one retry</b> after a connection failure on a connection the pool handed out (a backend
 *       killed under a pooled connection), on a fresh connection: reads are always rolled back, so running one twice
 *       is harmless. A failure to get a connection at all (the pool waited its whole connection timeout) is not
 *       retried: a second wait would fail the same way and double the caller's wait, and the breaker is what
 *       protects callers from a database that is down. A write is <b>never retried</b>: its outcome is unknown when
 *       the connection failed under it.
 * </ul>
 *
 * <p>After a connection failure it asks the pool to drop its idle connections, so a database restart costs one
 * failed call, not one per pooled connection. Translates everything to port exceptions; a statement failure ({@link
 * dev.bulwark.ports.sql.SqlStatementException}) passes through unchanged. Thread-safe.
 *
 * <p><b>{@link JdbcSqlGateway}</b>: The {@link SqlGateway}: each call is one transaction on a {@link
 * Dialect#openSqlSession SQL-tools session} (the restricted role, the statement timeout set with {@code SET LOCAL},
 * read-only when asked), bound parameters only, the driver's own split checked for a single statement, rows fetched
 * through a cursor up to the limit, and a JDBC query timeout just above the server's as a second clock the
 * statement cannot reach. Read-only work is always rolled back; read-write work is committed only when every
 * statement succeeded and the calling thread was not interrupted (the tool's deadline passed and its client was
 * told "cancelled": then it is rolled back, never committed later); either way the session is then reset ({@link
 * Dialect#endSqlSession}). Reads run through the guard's read path (one retry on a fresh connection), writes
 * through its write path (never retried). A result, or a fetch of it, larger than {@link
 * RowReader#MAX_RESULT_BYTES} fails the statement as {@link SqlFailure#RESULT_TOO_LARGE}, an answer like any
 * refused statement (the breaker does not count it, nothing retries it), even though the PostgreSQL driver drops
 * the connection to refuse it: the pool replaces that connection. A catalog look-up ({@link
 * JdbcSqlGateway#describeTable}) the database refuses or cancels fails as a statement does, with the same
 * categories (a table locked past the statement timeout is {@link SqlFailure#TIMEOUT}); so does a catalog listing
 * ({@link JdbcSqlGateway#listTables}), which reads only what the read-only role may see. Thread-safe.
 *
 * <p><b>{@link RowReader}</b>: Reads a result set into JDK values, up to a row limit and a size budget, through the
 * driver's cursor: it never reads more than one row past the limit (to know whether there were more). Numbers
 * become {@link Long}, {@link BigDecimal} or {@link Double} (one beyond a double's range becomes its text, as
 * infinity does); dates and times become the database's own text for them (with their offset, whatever the JVM's
 * time zone); text, UUIDs, JSON (which H2 hands over as bytes) and everything else become their text form; binary
 * data becomes {@code \x}-prefixed hex; arrays become lists.
 *
 * <p>Two size bounds: the result is cut, flagged truncated, before the row that takes it past {@link
 * RowReader#MAX_RESULT_CHARS}; and a value larger than {@link RowReader#MAX_RESULT_BYTES} fails the statement with
 * a {@link ResultTooLargeException}. Text, binary data and large objects are measured before they are converted
 * (hex doubles binary data), and so are arrays, by their text, so a value past either bound is never converted; the
 * PostgreSQL driver is told not to read a fetch larger than {@link RowReader#MAX_RESULT_BYTES} at all. Stateless
 * and thread-safe.
 *
 * <p><b>{@link JdbcDatabase}</b>: The database adapter's front door: one pool, one circuit breaker, and the ports
 * built on them. {@link JdbcDatabase#open} picks PostgreSQL when {@link DatabaseOptions#url()} is set and an
 * embedded in-memory H2 (PostgreSQL mode) otherwise. Opening never waits for the database: the schema is migrated
 * on a background thread, so the server answers its first requests while the embedded database starts or a remote
 * one is reached; that thread may start after a delay, so that it does not compete with the server's start for CPU.
 * Nothing connects before it (the pool keeps no idle connections until the schema is migrated). The first call or
 * health check that needs the schema migrates it at once (or waits for the migration under way); when the database
 * is down, the schema is migrated on the first successful contact, and until then calls fail fast with "database
 * unavailable".
 *
 * <pre>{@code
 * try (JdbcDatabase database =
 *         JdbcDatabase.open(DatabaseOptions.builder().url(url).build(), Ticker.system())) {
 *     Bulwark bulwark = Bulwark.builder(config)
 *             .packs(BuiltInTools.packs(database.userRepository(), database.sqlGateway(), settings))
 *             .healthIndicator(database.healthIndicator())
 *             .build();
 *     database.meterBinder().bindTo(bulwark.meterRegistry());
 * }
 * }</pre>
 *
 * <p>{@link JdbcDatabase#over} builds the same ports on an application's PostgreSQL {@code DataSource} (a Spring Boot
 * application's), which it borrows and never closes, resizes or meters. Thread-safe; {@link JdbcDatabase#close()}
 * closes the pool.
 *
 * <p><b>{@link OwnerPool}</b>: The schema owner's connections, seen the same way whether they come from the adapter's
 * own HikariCP pool or from an application's data source: only the own pool is trimmed during an outage, metered and
 * closed; a connection that cannot be reset is kept out of use in both. Thread-safe.
 *
 * <p><b>{@link DatabaseOptions}</b>: How the adapter connects and how long it waits, each component checked with
 * the name of its {@code database.*} key. The bootstrap builds it from the server configuration; an embedding team
 * builds it with {@link DatabaseOptions#builder()}. The circuit breaker's threshold and open delay are fixed
 * ({@code DatabaseGuard.Breaker}); only the adapter's own tests shorten them. Immutable.
 *
 * <p><b>{@link PostgresDialect}</b>: PostgreSQL through PgJDBC and one HikariCP pool of the owner's connections,
 * plus one pool per SQL-tools role when the tools log in as their roles ({@link SqlLogins}). Every wait is bounded:
 * the pool's connection timeout, the driver's connect, login and socket timeouts (the socket timeout above the
 * statement timeout, so the server's own timeout answers first), and the pool starts without a database (it
 * connects when the database is there). A SQL-tools session is a transaction on a pooled connection that first runs
 * {@code SET LOCAL ROLE} (the reader or writer role; not when it logged in as that role), {@code SET LOCAL
 * statement_timeout}, {@code lock_timeout}, {@code idle_in_transaction_session_timeout} and {@code search_path}
 * (the allowed schemas); read-only sessions are also {@code BEGIN READ ONLY}. {@code SET LOCAL} ends with the
 * transaction, and {@code DISCARD ALL} after it resets whatever else a statement changed (session settings, role,
 * advisory locks), so the pooled connection comes back as a fresh one; a connection that cannot be reset is
 * evicted. Thread-safe.
 *
 * <p><b>{@link DatabaseHealthIndicator}</b>: The database's health: runs a validation query ({@code SELECT 1})
 * through the circuit breaker, outside the bulkhead (the pool keeps a connection for it, so a saturated pool does
 * not look like a dead database), after making sure the schema is current. An open breaker answers "down" at once,
 * without I/O, until its delay has passed; from then on the check runs without taking the breaker's half-open trial
 * (which stays with the next tool call), and a successful one closes the breaker, so a readiness probe that finds
 * the database back brings it into service at once, and one abandoned at its timeout costs the tools nothing.
 * Reports the query's latency, the pool's active, idle, total and waiting connections, and the breaker's state;
 * never the URL or host. {@link Criticality#REQUIRED}: readiness fails while the database is down, though only the
 * tools that need it fail. Thread-safe.
 *
 * <p><b>{@link H2Dialect}</b>: The embedded default: an in-memory H2 database in PostgreSQL mode, private to this
 * process (its name is random, its users' passwords are random and never leave the process). The owner's
 * connections are pooled; the SQL tools connect as two H2 users the dialect creates after the migrations, {@code
 * bulwark_sql_reader} (SELECT on the allowed schemas) and {@code bulwark_sql_writer} (SELECT, INSERT, UPDATE,
 * DELETE there), so H2 itself refuses what the role may not do. H2 has no read-only transactions: read-only
 * sessions rely on the reader's privileges and are always rolled back. Its data lives as long as the process. When
 * the SQL tools may use the schema {@code public}, it starts with sample data there ({@code sample_customers} and
 * {@code sample_orders}, from {@code embedded/sample-data.sql}), so a first query finds rows. Thread-safe.
 *
 * <p><b>{@link PostgresUrl}</b>: A PostgreSQL URL split into a JDBC URL without credentials, and the user and
 * password. Accepts {@code postgres://} and {@code postgresql://} (as Heroku, Render or docker-compose write them)
 * and {@code jdbc:postgresql://}, with one host or a list of them ({@code pg1:5432,pg2:5432}, as PgJDBC takes for
 * failover), whose names may hold {@code _} (Compose service names). Query parameters are kept ({@code
 * sslmode=require} and the like). Errors never repeat the URL, which may hold a password. Immutable.
 *
 * <p><b>{@link SqlLoginPools}</b>: The SQL tools' own pools on PostgreSQL when they log in as their roles ({@link
 * SqlLogins}): one pool logged in as {@code bulwark_sql_reader}, one as {@code bulwark_sql_writer}, each as large
 * as the database pool. The database's bulkhead still bounds how many connections all the tools use at once; the
 * pools keep no idle connection until a call needs one. A login the server refuses (wrong password, a role that may
 * not log in) is a set-up fault, not an outage: it fails the call as {@code NOT_SET_UP} and never opens the circuit
 * breaker. Thread-safe.
 *
 * <p><b>{@link SqlLogins}</b>: The passwords the SQL tools log in to PostgreSQL with, as their own roles {@code
 * bulwark_sql_reader} and {@code bulwark_sql_writer}, on the host and database of {@link DatabaseOptions#url()}. A
 * session that logs in as its role cannot leave it: without logins the tools switch to the role with {@code SET
 * LOCAL ROLE} from the URL's login, which a statement that got past the checker could reset. Immutable; {@link
 * SqlLogins#toString()} shows no password.
 *
 * <p><b>{@link SchemaMigrator}</b>: Brings the "bulwark" schema up to date with Flyway, once, as soon as the
 * database can be reached: at start (on the database's background thread) when it is up, otherwise on the first
 * call or health check after it comes up. Until then every call that needs the schema waits for the migration or
 * fails as the database does. The same migrations run on PostgreSQL and H2. Thread-safe.
 *
 * <p><b>{@link DatabaseMeters}</b>: The database's meters: HikariCP's own pool meters ({@code
 * hikaricp_connections}, {@code _active}, {@code _idle}, {@code _pending}, {@code _timeout_total}, {@code
 * _acquire_seconds}, ... tagged {@code pool="bulwark-db"}, and {@code pool="bulwark-db-sql-reader"} and {@code
 * "bulwark-db-sql-writer"} when the SQL tools log in as their own roles) and the circuit breaker's state as {@code
 * bulwark_database_circuit_breaker_state{state=...}} (1 for the current state, 0 for the others). HikariCP accepts
 * one meter registry per pool: binding to a second registry adds only the breaker gauges there. Thread-safe.
 *
 * <p><b>{@link DatabaseTracing}</b>: A client span per database call of the adapter, named by the OpenTelemetry
 * database conventions: {@code "{db.operation.name} {db.collection.name}"} for the user repository ({@code SELECT
 * bulwark.users}), the operation alone for the SQL tools' statements ({@code QUERY}, {@code BATCH}, {@code
 * DESCRIBE}, {@code LIST}), with {@code db.system.name} ({@code postgresql} or {@code h2}) and {@code error.type}
 * when it failed. No statement text and no values are recorded: a SQL tool's statement may hold personal data.
 * Thread-safe.
 *
 * <p><b>{@link TableListingReader}</b>: Runs a dialect's catalog query listing tables with their columns, one row
 * per column (a table without columns has one row with a null column name), in table order: the schemas are bound
 * as values (never concatenated), followed by the number of tables to read, one more than asked so that more can be
 * told. Shared by the dialects' {@code listTables}. Stateless.
 *
 * <p><b>{@link CommitInDoubt}</b>: Internal: the connection failed while the database may have been applying a
 * write (a {@code COMMIT}, or a statement that commits itself), so the write may or may not have been made. The
 * guard reports it as a {@link dev.bulwark.ports.WriteOutcomeUnknownException}, so the caller checks before writing
 * again. A failure before that point aborts the transaction, and nothing was made.
 *
 * <p><b>{@link Connections}</b>: Hands out the owner's pooled connections once the schema is current. A connection
 * for a write is checked first (a round trip, so nothing is sent on a connection whose backend died since it was
 * last used); a dead one is evicted and another taken, within the pool's size. Thread-safe.
 *
 * <p><b>{@link ResultTooLargeException}</b>: Internal: a statement's result, or one row of it, is larger than
 * {@link RowReader#MAX_RESULT_BYTES}, found by the {@link RowReader} before it converted the value. The gateway
 * reports it as {@link dev.bulwark.ports.sql.SqlFailure#RESULT_TOO_LARGE}, like the driver's own refusal (see
 * {@link SqlErrors#isResultTooLarge}). Its message holds sizes only, never data.
 *
 * <p><b>{@link Dialect}</b>: What differs between PostgreSQL and the embedded H2: how the owner's pool is built,
 * how a SQL-tools session takes on its restricted role and timeouts, how statements are split, and how the catalog
 * is read. Implementations are thread-safe.
 *
 * <p><b>{@link JdbcUserRepository}</b>: The {@link UserRepository} on the "bulwark.users" table, for PostgreSQL and
 * H2 alike. Every call runs through the {@link DatabaseGuard} (reads may be retried once on a fresh connection;
 * writes never are) and every statement has the statement timeout. Thread-safe.
 *
 * <p><b>{@link SqlErrors}</b>: Sorts {@link SQLException}s from PostgreSQL and H2 into "the database cannot be
 * reached" (which the circuit breaker counts) and statement failures in {@link SqlFailure} categories (which it
 * does not: the database answered). Stateless and thread-safe.
 *
 * <p><b>{@link CatalogQuery}</b>: Runs one catalog query about a table, with the schema and table names bound as
 * parameters (never concatenated), and hands each row to a consumer. Shared by the dialects' {@code describeTable}.
 * Stateless.
 */
package dev.bulwark.postgres;
