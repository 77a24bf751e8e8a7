package dev.bulwark.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.bulwark.ports.health.HealthIndicator;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.ports.users.UserRepository;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opentelemetry.api.OpenTelemetry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database adapter's front door: one pool, one circuit breaker, and the ports built on them. Thread-safe.
 */
public final class JdbcDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcDatabase.class);
    private static final Duration MIGRATION_PATIENCE = Duration.ofSeconds(10);

    private final Dialect dialect;
    private final DatabaseGuard guard;
    private final SchemaMigrator migrator;
    private final Connections connections;
    private final UserRepository users;
    private final SqlGateway sql;
    private final HealthIndicator health;
    private final MeterBinder meters;
    private volatile boolean closed;
    /** Released by {@link #close()}, so a migration still waiting for its delay never starts. */
    private final CountDownLatch closing = new CountDownLatch(1);
    /**
     * The background migration, which {@link #close()} lets finish (for up to {@link #MIGRATION_PATIENCE}) before it
     * closes the database: closed under a running migration, Flyway logs its failed rollback as an error.
     */
    private volatile Thread migration;

    private JdbcDatabase(
            Dialect dialect,
            DatabaseSettings options,
            DatabaseGuard.Breaker breaker,
            Ticker ticker,
            OpenTelemetry openTelemetry) {
        DatabaseTracing tracing = new DatabaseTracing(openTelemetry, dialect.name());
        this.dialect = dialect;
        this.migrator = new SchemaMigrator(dialect.migrationDataSource(), dialect, this::schemaMigrated);
        this.connections = new Connections(dialect.pool(), migrator, options);
        this.guard = new DatabaseGuard(options, breaker, connections::evictAll, connections::outage);
        this.users = new JdbcUserRepository(connections, guard, options, tracing);
        this.sql = new JdbcSqlGateway(dialect, migrator, guard, options, tracing);
        this.health = new DatabaseHealthIndicator(dialect, migrator, guard, ticker, options);
        List<HikariDataSource> pools = new ArrayList<>(dialect.pool().metered());
        pools.addAll(dialect.sqlPools());
        this.meters = new DatabaseMeters(pools, guard);
    }

    /**
     * Opens the database the options name and starts migrating its schema on a background thread (named
     * {@code bulwark-db-migration}); returns at once.
     *
     * @throws IllegalArgumentException if the URL is not a PostgreSQL URL (the message never repeats it)
     */
    public static JdbcDatabase open(DatabaseSettings options, Ticker ticker) {
        return open(options, ticker, OpenTelemetry.noop());
    }

    /**
     * As {@link #open(DatabaseSettings, Ticker)}, with a client span per database call of the user repository and
     * the SQL gateway through {@code openTelemetry} (no statement text or values).
     */
    public static JdbcDatabase open(DatabaseSettings options, Ticker ticker, OpenTelemetry openTelemetry) {
        return open(options, ticker, openTelemetry, Duration.ZERO);
    }

    /**
     * As {@link #open(DatabaseSettings, Ticker, OpenTelemetry)}, with the background migration starting only
     * {@code migrationDelay} after opening, unless a call or health check needs the schema first (it then migrates
     * at once): a server opens the database this way so that its start does not share the CPU with the database's.
     */
    public static JdbcDatabase open(
            DatabaseSettings options, Ticker ticker, OpenTelemetry openTelemetry, Duration migrationDelay) {
        return open(options, DatabaseGuard.Breaker.DEFAULT, ticker, openTelemetry, migrationDelay);
    }

    /** As {@link #open(DatabaseSettings, Ticker, OpenTelemetry, Duration)}, with another circuit breaker. */
    static JdbcDatabase open(
            DatabaseSettings options,
            DatabaseGuard.Breaker breaker,
            Ticker ticker,
            OpenTelemetry openTelemetry,
            Duration migrationDelay) {
        Objects.requireNonNull(options, "options");
        if (options.sqlLogins().isPresent() && options.url().isEmpty()) {
            throw new IllegalArgumentException("sqlLogins needs a PostgreSQL url: the embedded database creates the"
                    + " SQL tools' logins itself");
        }
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        if (migrationDelay.isNegative()) {
            throw new IllegalArgumentException("migrationDelay must not be negative");
        }
        Dialect dialect = options.url().isPresent() ? new PostgresDialect(options) : new H2Dialect(options);
        JdbcDatabase database = new JdbcDatabase(dialect, options, breaker, ticker, openTelemetry);
        database.migrateInBackground(migrationDelay);
        return database;
    }

    /**
     * The database of an application's {@code dataSource}, which must reach PostgreSQL and stays the application's:
     * the user repository, the SQL gateway (its tools switch to their roles with {@code SET LOCAL ROLE}, so the
     * data source's login needs {@code postgres-roles.sql}'s grants) and the health check borrow its connections,
     * the schema is migrated through it on a background thread, and {@link #close()} leaves it open. Its pool is
     * neither resized nor metered here: {@link #meterBinder()} binds the circuit breaker's state only. The options'
     * pool size is the bulkhead's width (keep it below the data source's own); their timeouts and schemas apply.
     *
     * @throws IllegalArgumentException when the options name a URL or SQL logins: the data source names the
     *     database and its login
     */
    public static JdbcDatabase over(
            DataSource dataSource, DatabaseSettings options, Ticker ticker, OpenTelemetry openTelemetry) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        if (options.url().isPresent() || options.sqlLogins().isPresent()) {
            throw new IllegalArgumentException("database.url, database.sql-reader-password and"
                    + " database.sql-writer-password must be unset with a DataSource: it names the database and its"
                    + " login");
        }
        JdbcDatabase database = new JdbcDatabase(
                new PostgresDialect(options, dataSource),
                options,
                DatabaseGuard.Breaker.DEFAULT,
                ticker,
                openTelemetry);
        database.migrateInBackground(Duration.ZERO);
        return database;
    }

    private void migrateInBackground(Duration delay) {
        Thread thread = new Thread(() -> migrateAfter(delay), "bulwark-db-migration");
        thread.setDaemon(true);
        migration = thread;
        thread.start();
    }

    private void migrateAfter(Duration delay) {
        try {
            if (!delay.isZero() && closing.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                return; // closed before the delay ended
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!migrator.isMigrated()) {
            migrateIfReachable();
        }
    }

    private void schemaMigrated() {
        connections.migrated();
    }

    private void migrateIfReachable() {
        try {
            migrator.ensureMigrated();
        } catch (RuntimeException | SQLException e) {
            if (closed) {
                LOG.debug("The database closed before its schema was migrated");
                return;
            }
            reportMigrationFailure(e);
        }
    }

    private void reportMigrationFailure(Exception failure) {
        if (failure instanceof SQLException e) {
            LOG.warn(
                    "The database cannot be reached at start ({}; SQLSTATE {}); the server starts anyway and"
                            + " migrates the schema once it answers",
                    dialect.name(),
                    e.getSQLState());
        } else {
            LOG.error(
                    "The database schema could not be migrated; database tools will fail until this is fixed", failure);
        }
    }

    /** Which database this is: {@code postgresql} or {@code h2}. */
    public String engine() {
        return dialect.name();
    }

    /**
     * Whether this database is private to this process: for the embedded H2, a random identity no other process has;
     * empty for PostgreSQL, which every server instance configured with the same URL shares. What another process
     * learned about a private database (a cached {@code get_user}, say) is not true of this one, so a cache shared
     * between processes must keep this database's entries apart by this identity.
     */
    public Optional<String> privateIdentity() {
        return dialect.privateIdentity();
    }

    /** The user repository on the "bulwark.users" table. */
    public UserRepository userRepository() {
        return users;
    }

    /** The SQL tools' gateway. */
    public SqlGateway sqlGateway() {
        return sql;
    }

    /** The database's health indicator (named {@code database}, required). */
    public HealthIndicator healthIndicator() {
        return health;
    }

    /** The pool's and the circuit breaker's meters. */
    public MeterBinder meterBinder() {
        return meters;
    }

    /**
     * The owner's pool once the schema is current (waits for the background migration), for tests that set up
     * fixtures and look behind the ports.
     */
    HikariDataSource ownerPool() {
        try {
            migrator.ensureMigrated();
        } catch (SQLException e) {
            throw new IllegalStateException("the test database cannot be reached", e);
        }
        return dialect.pool().hikari().orElseThrow();
    }

    /** The guard around every call, for tests that drive its circuit breaker. */
    DatabaseGuard guard() {
        return guard;
    }

    /** Whether the schema is known to be current, for tests. */
    boolean isMigrated() {
        return migrator.isMigrated();
    }

    /** The connections the pool holds now, idle or in use, for tests; 0 before the pool has started. */
    int pooledConnections() {
        var bean = dialect.pool().hikari().orElseThrow().getHikariPoolMXBean();
        return bean == null ? 0 : bean.getTotalConnections();
    }

    /** Whether this database's background migration thread is still alive, for tests. */
    boolean migrationRunning() {
        Thread thread = migration;
        return thread != null && thread.isAlive();
    }

    /** Closes the pool (not an application's data source: see {@link #over}); calls in flight fail. */
    @Override
    public void close() {
        closed = true;
        closing.countDown();
        awaitMigration();
        if (migrator.wasAttempted()) {
            dialect.close();
        } else {
            dialect.closeUnopened();
        }
    }

    private void awaitMigration() {
        Thread thread = migration;
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(MIGRATION_PATIENCE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
