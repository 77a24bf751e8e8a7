package dev.bulwark.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.TableColumn;
import dev.bulwark.ports.sql.TableListing;
import dev.bulwark.ports.sql.TableSchema;
import dev.bulwark.ports.sql.TableSummary;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The embedded default: an in-memory H2 database in PostgreSQL mode, private to this process. Thread-safe.
 */
final class H2Dialect implements Dialect {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The schema the sample tables are created in, when the SQL tools may use it. */
    static final String SAMPLE_SCHEMA = "public";
    /** The script creating the sample tables {@code sample_customers} and {@code sample_orders}, with their rows. */
    private static final String SAMPLE_DATA = "classpath:/dev/bulwark/postgres/embedded/sample-data.sql";

    private final DatabaseSettings options;
    private final String url;
    private final HikariDataSource pool;
    private final OwnerPool owner;
    private final JdbcDataSource migrations;
    private final JdbcDataSource reader;
    private final JdbcDataSource writer;
    /** Random, and not the database's name: it may appear outside the process (in shared cache keys). */
    private final String identity = "h2-" + secret().substring(0, 16);

    private final String readerPassword = secret();
    private final String writerPassword = secret();
    /**
     * The schemas the reader was granted after the migrations: H2's catalog shows every table to every user, so a
     * listing keeps to these. Grants are schema-wide, and no one but the server creates objects in this database.
     */
    private volatile Set<String> readableSchemas = Set.of();

    H2Dialect(DatabaseSettings options) {
        this.options = options;
        // The database settings apply when the owner creates it; the SQL users (not admins) connect to it as it is.
        this.url = "jdbc:h2:mem:bulwark-" + UUID.randomUUID();
        String ownerUrl = url + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        HikariConfig config = new HikariConfig();
        config.setPoolName("bulwark-db");
        config.setJdbcUrl(ownerUrl);
        String ownerPassword = secret();
        config.setUsername("bulwark_owner");
        config.setPassword(ownerPassword);
        Pools.bound(config, options);
        this.pool = new HikariDataSource(config);
        this.owner = OwnerPool.own(pool);
        this.migrations = new JdbcDataSource();
        migrations.setURL(ownerUrl);
        migrations.setUser("bulwark_owner");
        migrations.setPassword(ownerPassword);
        this.reader = dataSource(SqlRoles.READER, readerPassword);
        this.writer = dataSource(SqlRoles.WRITER, writerPassword);
    }

    private JdbcDataSource dataSource(String user, String password) {
        JdbcDataSource source = new JdbcDataSource();
        source.setURL(url);
        source.setUser(user);
        source.setPassword(password);
        return source;
    }

    private static String secret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public Optional<String> privateIdentity() {
        return Optional.of(identity);
    }

    @Override
    public boolean boundsRecursiveQueries() {
        // H2 keeps a recursion's rows in memory whatever MAX_MEMORY_ROWS says: an endless one runs out of heap
        // (at -Xmx256m in under 3 s) before the statement timeout.
        return false;
    }

    @Override
    public OwnerPool pool() {
        return owner;
    }

    @Override
    public DataSource migrationDataSource() {
        return migrations;
    }

    @Override
    public Connection openSqlSession(AccessMode mode) throws SQLException {
        Connection connection = (mode == AccessMode.READ_WRITE ? writer : reader).getConnection();
        try {
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException | RuntimeException e) {
            Pools.closeQuietly(connection);
            throw e;
        }
    }

    @Override
    public void endSqlSession(Connection session, AccessMode mode) {
        // Not pooled: each SQL-tools session is a new H2 connection, closed here, so nothing outlives it.
        try {
            if (!session.getAutoCommit()) {
                session.rollback();
            }
        } catch (SQLException ignored) {
            // closing below ends the session either way
        }
        Pools.closeQuietly(session);
    }

    @Override
    public void checkSingleStatement(Connection session, String sql) {
        // The core's parser and lexer have counted the statements; H2's users bound what any statement can do.
    }

    @Override
    public void afterMigration() throws SQLException {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            // Our own SQL: constant user names, random hex passwords, schema names quoted.
            statement.execute("CREATE USER IF NOT EXISTS " + SqlRoles.READER + " PASSWORD '" + readerPassword + "'");
            statement.execute("CREATE USER IF NOT EXISTS " + SqlRoles.WRITER + " PASSWORD '" + writerPassword + "'");
            if (options.allowedSchemas().contains(SAMPLE_SCHEMA) && !sampleDataExists(connection)) {
                statement.execute("RUNSCRIPT FROM '" + SAMPLE_DATA + "' CHARSET 'UTF-8'");
            }
            Set<String> granted = new HashSet<>();
            for (String schema : options.allowedSchemas()) {
                if (schemaExists(connection, schema)) {
                    granted.add(schema);
                    statement.execute("GRANT SELECT ON SCHEMA " + SqlRoles.quote(schema) + " TO " + SqlRoles.READER);
                    statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA " + SqlRoles.quote(schema)
                            + " TO " + SqlRoles.WRITER);
                }
            }
            readableSchemas = Set.copyOf(granted);
        }
    }

    private static boolean sampleDataExists(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            statement.setString(1, SAMPLE_SCHEMA);
            statement.setString(2, "sample_customers");
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static boolean schemaExists(Connection connection, String schema) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
            statement.setString(1, schema);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    @Override
    public Optional<TableSchema> describeTable(Connection session, String schema, String table) throws SQLException {
        return CatalogQuery.describe(
                session,
                schema,
                table,
                "SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale,"
                        + " is_nullable, column_default FROM information_schema.columns"
                        + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
                rows -> new TableColumn(
                        rows.getString(1),
                        typeName(rows),
                        "YES".equals(rows.getString(6)),
                        Optional.ofNullable(rows.getString(7))),
                "SELECT k.column_name FROM information_schema.table_constraints t"
                        + " JOIN information_schema.key_column_usage k ON k.constraint_schema = t.constraint_schema"
                        + " AND k.constraint_name = t.constraint_name"
                        + " WHERE t.table_schema = ? AND t.table_name = ? AND t.constraint_type = 'PRIMARY KEY'"
                        + " ORDER BY k.ordinal_position",
                "SELECT k.constraint_name, k.column_name, u.table_schema, u.table_name, u.column_name"
                        + " FROM information_schema.referential_constraints r"
                        + " JOIN information_schema.key_column_usage k ON k.constraint_schema = r.constraint_schema"
                        + " AND k.constraint_name = r.constraint_name"
                        + " JOIN information_schema.key_column_usage u"
                        + " ON u.constraint_schema = r.unique_constraint_schema"
                        + " AND u.constraint_name = r.unique_constraint_name"
                        + " AND u.ordinal_position = k.position_in_unique_constraint"
                        + " WHERE k.table_schema = ? AND k.table_name = ?"
                        + " ORDER BY k.constraint_name, k.ordinal_position");
    }

    @Override
    public TableListing listTables(Connection session, Set<String> requested, int maxTables) throws SQLException {
        Set<String> schemas = new HashSet<>(requested);
        schemas.retainAll(readableSchemas);
        return TableListingReader.list(
                session,
                "SELECT t.table_schema, t.table_name, c.column_name, c.data_type, c.character_maximum_length,"
                        + " c.numeric_precision, c.numeric_scale, c.is_nullable, c.column_default, t.table_type"
                        + " FROM (SELECT table_schema, table_name, table_type FROM information_schema.tables"
                        + " WHERE table_schema IN (" + TableListingReader.placeholders(schemas) + ")"
                        + " ORDER BY table_schema, table_name LIMIT ?) t"
                        + " LEFT JOIN information_schema.columns c ON c.table_schema = t.table_schema"
                        + " AND c.table_name = t.table_name"
                        + " ORDER BY t.table_schema, t.table_name, c.ordinal_position",
                schemas,
                maxTables,
                rows -> "VIEW".equals(rows.getString(10)) ? TableSummary.Kind.VIEW : TableSummary.Kind.TABLE,
                rows -> new TableColumn(
                        rows.getString(3),
                        typeName(rows, 4),
                        "YES".equals(rows.getString(8)),
                        Optional.ofNullable(rows.getString(9))));
    }

    private static String typeName(ResultSet rows) throws SQLException {
        return typeName(rows, 2);
    }

    /** The type name from four columns from {@code first} on: data type, character length, precision, scale. */
    private static String typeName(ResultSet rows, int first) throws SQLException {
        String type = rows.getString(first).toLowerCase(Locale.ROOT);
        long length = rows.getLong(first + 1);
        if (!rows.wasNull() && type.contains("char")) {
            return type + "(" + length + ")";
        }
        if (type.equals("numeric") || type.equals("decimal")) {
            long precision = rows.getLong(first + 2);
            long scale = rows.getLong(first + 3);
            return type + "(" + precision + "," + scale + ")";
        }
        return type;
    }

    @Override
    public void close() {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // already gone
        }
        pool.close();
    }

    /** Never created (no connection was made), so there is nothing to shut down: connecting would create it. */
    @Override
    public void closeUnopened() {
        pool.close();
    }
}
