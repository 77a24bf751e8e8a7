package dev.bulwark.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.SqlFailure;
import dev.bulwark.ports.sql.SqlStatementException;
import dev.bulwark.ports.sql.TableColumn;
import dev.bulwark.ports.sql.TableListing;
import dev.bulwark.ports.sql.TableSchema;
import dev.bulwark.ports.sql.TableSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL through PgJDBC and HikariCP, every wait bounded. Thread-safe.
 */
final class PostgresDialect implements Dialect {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresDialect.class);

    private final DatabaseSettings options;
    private final OwnerPool pool;
    private final DataSource migrations;
    /** The SQL tools' own logins; empty when they switch roles on the owner's connections. */
    private final Optional<SqlLoginPools> logins;

    private final String sessionSettings;

    /** On the database of {@link DatabaseSettings#url()}, through pools of its own. */
    PostgresDialect(DatabaseSettings options) {
        this.options = options;
        PostgresUrl url = PostgresUrl.parse(options.url().orElseThrow());
        this.pool = OwnerPool.own(new HikariDataSource(poolConfig("bulwark-db", url, url.user(), url.password())));
        this.logins = options.sqlLogins()
                .map(logins -> new SqlLoginPools(
                        poolConfig(
                                SqlLoginPools.READER_POOL,
                                url,
                                Optional.of(SqlRoles.READER),
                                Optional.of(logins.readerPassword())),
                        poolConfig(
                                SqlLoginPools.WRITER_POOL,
                                url,
                                Optional.of(SqlRoles.WRITER),
                                Optional.of(logins.writerPassword())),
                        options.poolSize()));
        PGSimpleDataSource migrations = new PGSimpleDataSource();
        migrations.setURL(url.jdbcUrl());
        url.user().ifPresent(migrations::setUser);
        url.password().ifPresent(migrations::setPassword);
        migrations.setConnectTimeout(DatabaseSettings.seconds(options.connectionTimeout()));
        migrations.setLoginTimeout(DatabaseSettings.seconds(options.connectionTimeout()));
        migrations.setSocketTimeout(
                DatabaseSettings.seconds(options.socketTimeout().multipliedBy(6)));
        migrations.setTcpKeepAlive(true);
        migrations.setApplicationName("bulwark-migrations");
        this.migrations = migrations;
        this.sessionSettings = sessionSettings(options);
    }

    /**
     * On the database of an application's {@code dataSource}, which stays the application's: its connections serve
     * the owner's work, the migrations and the SQL tools' sessions (switching roles), and it is never closed here.
     * The driver settings of the adapter's own pools are the application's to choose; the statement timeout is still
     * set on each SQL-tools session, and every JDBC call still has its query timeout.
     */
    PostgresDialect(DatabaseSettings options, DataSource dataSource) {
        this.options = options;
        this.pool = OwnerPool.borrowed(dataSource, options.poolSize() + 1);
        this.logins = Optional.empty();
        this.migrations = dataSource;
        this.sessionSettings = sessionSettings(options);
    }

    private static String sessionSettings(DatabaseSettings options) {
        long statementMs = options.statementTimeout().toMillis();
        return "SET LOCAL statement_timeout = " + statementMs
                + "; SET LOCAL lock_timeout = " + statementMs
                + "; SET LOCAL idle_in_transaction_session_timeout = " + (statementMs + 5_000)
                + "; SET LOCAL search_path = "
                + options.allowedSchemas().stream()
                        .sorted()
                        .map(SqlRoles::quote)
                        .collect(Collectors.joining(", "));
    }

    /** A bounded pool on {@code url}'s database, logging in as {@code user}. */
    private HikariConfig poolConfig(String name, PostgresUrl url, Optional<String> user, Optional<String> password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url.jdbcUrl());
        user.ifPresent(config::setUsername);
        password.ifPresent(config::setPassword);
        Pools.bound(config, options);
        config.addDataSourceProperty("connectTimeout", DatabaseSettings.seconds(options.connectionTimeout()));
        config.addDataSourceProperty("loginTimeout", DatabaseSettings.seconds(options.connectionTimeout()));
        // Above the statement timeout, so the server's own timeout answers first.
        config.addDataSourceProperty("socketTimeout", DatabaseSettings.seconds(options.socketTimeout()));
        config.addDataSourceProperty("cancelSignalTimeout", DatabaseSettings.seconds(options.connectionTimeout()));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "bulwark");
        // Strings are sent untyped, so 'WHERE id = ?' with "42" compares as the column's type.
        config.addDataSourceProperty("stringtype", "unspecified");
        // Always the extended protocol: the server refuses a Parse message that holds more than one command.
        config.addDataSourceProperty("preferQueryMode", "extended");
        // The driver reads a whole row into memory whatever its size: past this it refuses the fetch before it
        // allocates it (SQLSTATE 08S01, dropping the connection), so one huge value cannot exhaust the heap.
        config.addDataSourceProperty("maxResultBuffer", String.valueOf(RowReader.MAX_RESULT_BYTES));
        return config;
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public Optional<String> privateIdentity() {
        // Shared: every instance configured with this URL reads and writes the same data.
        return Optional.empty();
    }

    @Override
    public boolean boundsRecursiveQueries() {
        // PostgreSQL spills a recursion to disk (work_mem) and the statement timeout ends it.
        return true;
    }

    @Override
    public OwnerPool pool() {
        return pool;
    }

    @Override
    public DataSource migrationDataSource() {
        return migrations;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The session's setup is the first round trip on the pooled connection, and nothing of the caller's has been
     * sent yet: when it finds the connection dead (its backend ended since it was last used: a failover,
     * {@code pg_terminate_backend}; HikariCP does not check a connection used within the last 500 ms, so a busy pool
     * hands such connections out), the connection is evicted with the pool's other idle ones, and the setup is
     * tried again on another, at most once per connection the pool may hold. Only when the pool cannot give a live
     * one does the call fail, as a connection failure.
     */
    @Override
    public Connection openSqlSession(AccessMode mode) throws SQLException {
        OwnerPool sessions = sessionPool(mode);
        int attempts = sessions.maximumSize() + 1;
        for (int attempt = 1; ; attempt++) {
            Connection connection = logins.isPresent() ? logins.get().connect(mode) : sessions.getConnection();
            try {
                setUp(connection, mode);
                return connection;
            } catch (SQLException e) {
                if (!SqlErrors.isConnectionFailure(e)
                        || SqlErrors.isInterruption(e)
                        || Thread.currentThread().isInterrupted()
                        || attempt >= attempts) {
                    Pools.closeQuietly(connection);
                    throw e;
                }
                LOG.info(
                        "A pooled database connection was dead before its first use (SQLSTATE {}: a failover or a"
                                + " terminated backend); the SQL-tools session is opened on another",
                        e.getSQLState());
                sessions.evict(connection);
                sessions.evictIdle();
            } catch (RuntimeException e) {
                Pools.closeQuietly(connection);
                throw e;
            }
        }
    }

    /** The pool a session of {@code mode} comes from: its role's own, or the owner's when it switches roles. */
    private OwnerPool sessionPool(AccessMode mode) {
        return logins.map(pools -> OwnerPool.own(pools.pool(mode))).orElse(pool);
    }

    private void setUp(Connection connection, AccessMode mode) throws SQLException {
        connection.setAutoCommit(false);
        connection.setReadOnly(mode == AccessMode.READ_ONLY);
        try (Statement setup = connection.createStatement()) {
            setup.setQueryTimeout(DatabaseSettings.seconds(options.connectionTimeout()));
            // Our own constant SQL: role names and numbers we chose, schema names quoted. A session logged in as
            // its role needs no switch.
            setup.execute(
                    logins.isPresent()
                            ? sessionSettings
                            : "SET LOCAL ROLE " + SqlRoles.quote(SqlRoles.forMode(mode)) + "; " + sessionSettings);
        } catch (SQLException e) {
            if (!SqlErrors.isConnectionFailure(e)) {
                LOG.error(
                        "The SQL tools cannot take on the role {}: create the roles with postgres-roles.sql"
                                + " (see docs/operations.md, Database)",
                        SqlRoles.forMode(mode),
                        e);
                throw new SqlStatementException(SqlFailure.NOT_SET_UP, e.getSQLState(), OptionalInt.empty(), e);
            }
            throw e;
        }
    }

    @Override
    public void endSqlSession(Connection session, AccessMode mode) {
        try {
            if (!session.getAutoCommit()) {
                session.rollback();
                session.setAutoCommit(true);
            }
            try (Statement reset = session.createStatement()) {
                reset.setQueryTimeout(DatabaseSettings.seconds(options.connectionTimeout()));
                // Back to the state of a new session: settings, role, advisory locks, temp tables, prepared plans.
                reset.execute("DISCARD ALL");
            }
            session.close();
        } catch (SQLException | RuntimeException e) {
            LOG.warn(
                    "A SQL-tools connection could not be reset and is dropped from the pool (SQLSTATE {})",
                    e instanceof SQLException sql ? sql.getSQLState() : "none");
            sessionPool(mode).evict(session);
        }
    }

    @Override
    public void checkSingleStatement(Connection session, String sql) throws SQLException {
        boolean standardStrings = session.unwrap(BaseConnection.class).getStandardConformingStrings();
        List<NativeQuery> queries = Parser.parseJdbcSql(sql, standardStrings, true, true, false, false);
        long nonEmpty =
                queries.stream().filter(query -> !query.nativeSql.isBlank()).count();
        if (nonEmpty > 1) {
            throw new SqlStatementException(SqlFailure.MULTIPLE_STATEMENTS, "", OptionalInt.empty(), null);
        }
    }

    @Override
    public Optional<TableSchema> describeTable(Connection session, String schema, String table) throws SQLException {
        return CatalogQuery.describe(
                session,
                schema,
                table,
                "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,"
                        + " pg_catalog.pg_get_expr(d.adbin, d.adrelid)"
                        + " FROM pg_catalog.pg_attribute a"
                        + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                        + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                        + " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                        + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
                        + " AND a.attnum > 0 AND NOT a.attisdropped"
                        + " AND pg_catalog.has_table_privilege(c.oid, 'SELECT')"
                        + " ORDER BY a.attnum",
                rows -> new TableColumn(
                        rows.getString(1),
                        rows.getString(2),
                        rows.getBoolean(3),
                        Optional.ofNullable(rows.getString(4))),
                "SELECT a.attname FROM pg_catalog.pg_constraint con"
                        + " JOIN pg_catalog.pg_class c ON c.oid = con.conrelid"
                        + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                        + " CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)"
                        + " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
                        + " WHERE con.contype = 'p' AND n.nspname = ? AND c.relname = ?"
                        + " ORDER BY k.ord",
                "SELECT con.conname, a.attname, rn.nspname, rc.relname, ra.attname"
                        + " FROM pg_catalog.pg_constraint con"
                        + " JOIN pg_catalog.pg_class c ON c.oid = con.conrelid"
                        + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                        + " JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid"
                        + " JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace"
                        + " CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refnum, ord)"
                        + " JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum"
                        + " JOIN pg_catalog.pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refnum"
                        + " WHERE con.contype = 'f' AND n.nspname = ? AND c.relname = ?"
                        + " ORDER BY con.conname, k.ord");
    }

    @Override
    public TableListing listTables(Connection session, Set<String> schemas, int maxTables) throws SQLException {
        return TableListingReader.list(
                session,
                "WITH t AS (SELECT c.oid, n.nspname, c.relname, c.relkind FROM pg_catalog.pg_class c"
                        + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname IN (" + TableListingReader.placeholders(schemas) + ")"
                        + " AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
                        + " AND pg_catalog.has_table_privilege(c.oid, 'SELECT')"
                        + " ORDER BY n.nspname, c.relname LIMIT ?)"
                        + " SELECT t.nspname, t.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),"
                        + " NOT a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid), t.relkind"
                        + " FROM t"
                        + " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0"
                        + " AND NOT a.attisdropped"
                        + " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                        + " ORDER BY t.nspname, t.relname, a.attnum",
                schemas,
                maxTables,
                rows -> switch (rows.getString(7)) {
                    case "v", "m" -> TableSummary.Kind.VIEW;
                    default -> TableSummary.Kind.TABLE;
                },
                rows -> new TableColumn(
                        rows.getString(3),
                        rows.getString(4),
                        rows.getBoolean(5),
                        Optional.ofNullable(rows.getString(6))));
    }

    @Override
    public void afterMigration() throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT r.rolsuper,"
                        + " EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?)"
                        + " AND pg_catalog.pg_has_role(current_user, ?, 'MEMBER'),"
                        + " EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?)"
                        + " AND pg_catalog.pg_has_role(current_user, ?, 'MEMBER'),"
                        + " EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ? AND rolcanlogin),"
                        + " EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ? AND rolcanlogin)"
                        + " FROM pg_catalog.pg_roles r WHERE r.rolname = current_user")) {
            statement.setQueryTimeout(DatabaseSettings.seconds(options.connectionTimeout()));
            statement.setString(1, SqlRoles.READER);
            statement.setString(2, SqlRoles.READER);
            statement.setString(3, SqlRoles.WRITER);
            statement.setString(4, SqlRoles.WRITER);
            statement.setString(5, SqlRoles.READER);
            statement.setString(6, SqlRoles.WRITER);
            try (ResultSet row = statement.executeQuery()) {
                if (row.next()) {
                    if (row.getBoolean(1)) {
                        LOG.warn("The database user is a superuser. Connect as an ordinary owner role: the SQL tools"
                                + " switch to restricted roles, and a superuser session keeps more power than needed");
                    }
                    if (logins.isPresent()) {
                        warnUnlessLoginRoles(row.getBoolean(4), row.getBoolean(5));
                    } else {
                        warnAboutRoleSwitch(row.getBoolean(2), row.getBoolean(3));
                    }
                }
            }
        }
    }

    private static void warnUnlessLoginRoles(boolean readerCanLogIn, boolean writerCanLogIn) {
        if (!readerCanLogIn || !writerCanLogIn) {
            LOG.warn(
                    "The roles {} and {} are missing or may not log in: the SQL tools will refuse to run until"
                            + " postgres-roles.sql is applied and their passwords set (docs/operations.md, Database)",
                    SqlRoles.READER,
                    SqlRoles.WRITER);
        }
    }

    private static void warnAboutRoleSwitch(boolean readerGranted, boolean writerGranted) {
        if (!readerGranted || !writerGranted) {
            LOG.warn(
                    "The roles {} and {} are missing or not granted to the database user: the SQL tools"
                            + " will refuse to run until postgres-roles.sql is applied (docs/operations.md,"
                            + " Database)",
                    SqlRoles.READER,
                    SqlRoles.WRITER);
        } else {
            LOG.warn("The SQL tools switch to their roles with SET ROLE on the database user's connections, so a"
                    + " statement that got past their checks could switch back to the database user. Give them"
                    + " their own logins: set database.sql-reader-password and database.sql-writer-password"
                    + " (docs/operations.md, Database)");
        }
    }

    @Override
    public List<HikariDataSource> sqlPools() {
        return logins.map(SqlLoginPools::all).orElse(List.of());
    }

    @Override
    public void close() {
        logins.ifPresent(SqlLoginPools::close);
        pool.close();
    }
}
