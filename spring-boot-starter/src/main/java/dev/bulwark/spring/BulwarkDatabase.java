package dev.bulwark.spring;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.ToolPack;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.postgres.DatabaseSettings;
import dev.bulwark.postgres.JdbcDatabase;
import dev.bulwark.tools.BuiltInTools;
import dev.bulwark.tools.business.sql.SqlToolSettings;
import io.opentelemetry.api.OpenTelemetry;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Bulwark's database on the application's {@link DataSource} ({@link JdbcDatabase#over}), when it reaches
 * PostgreSQL: its health is among Bulwark's ({@code database}, required), its circuit breaker's state among Bulwark's
 * meters, and with {@code bulwark.tools.sql=true} the SQL tools serve on it. An application hands
 * {@link #database()} to packs of its own (its user repository, its SQL gateway). Opened when first needed, closed
 * with the context; the data source stays the application's. Thread-safe.
 */
public final class BulwarkDatabase implements BulwarkCustomizer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BulwarkDatabase.class);

    private final DataSource dataSource;
    private final Optional<String> springUrl;
    private final DatabaseSettings options;
    private final Optional<SqlToolSettings> sqlTools;
    private JdbcDatabase database;
    private boolean opened;

    /**
     * @param springUrl {@code spring.datasource.url}, which names the database when the data source does not say
     * @param sqlTools the SQL tools' settings when {@code bulwark.tools.sql} is on; empty when off
     */
    BulwarkDatabase(
            DataSource dataSource,
            Optional<String> springUrl,
            DatabaseSettings options,
            Optional<SqlToolSettings> sqlTools) {
        this.dataSource = dataSource;
        this.springUrl = springUrl;
        this.options = options;
        this.sqlTools = sqlTools;
    }

    /**
     * The application's single data source with {@code bulwark.database.*} (the pool size, the bulkhead's width;
     * the timeouts; the SQL tools' schemas) and, with {@code bulwark.tools.sql=true}, {@code bulwark.database.allow-*},
     * {@code row-limit} and {@code batch-max-operations}: the server jar's keys. Its URL and SQL logins are not read:
     * the data source names the database and its login.
     *
     * @throws BulwarkPropertiesException listing every property whose value cannot be used
     */
    static BulwarkDatabase of(DataSource dataSource, Environment environment) {
        DatabaseSettings options = BulwarkSettingsBinding.bind(
                environment, BulwarkPropertyKeys.DatabaseTable.KEYS, DatabaseSettings.defaults());
        Optional<SqlToolSettings> sqlTools = BulwarkSettingsBinding.sqlTools(environment)
                ? Optional.of(SqlPack.settings(environment))
                : Optional.empty();
        return new BulwarkDatabase(
                dataSource, Optional.ofNullable(environment.getProperty("spring.datasource.url")), options, sqlTools);
    }

    /** The database on the application's data source; empty when that is not PostgreSQL. */
    public synchronized Optional<JdbcDatabase> database() {
        if (!opened) {
            opened = true;
            if (reachesPostgres()) {
                database = JdbcDatabase.over(dataSource, options, Ticker.system(), OpenTelemetry.noop());
            } else {
                LOG.info("The application's DataSource is not PostgreSQL: Bulwark serves no database tools on it");
            }
        }
        return Optional.ofNullable(database);
    }

    /**
     * Adds the database's health and, with {@code bulwark.tools.sql}, the SQL tools.
     *
     * @throws BulwarkPropertiesException when the SQL tools are on and the data source is not PostgreSQL
     */
    @Override
    public void customize(Bulwark.Builder builder) {
        Optional<JdbcDatabase> opened = database();
        if (sqlTools.isPresent() && opened.isEmpty()) {
            throw new BulwarkPropertiesException(
                    List.of(BulwarkSettingsBinding.SQL_TOOLS + ": the SQL tools run on the application's"
                            + " DataSource, which must reach PostgreSQL; set it to false or point spring.datasource.url at"
                            + " PostgreSQL"));
        }
        opened.ifPresent(jdbc -> {
            builder.healthIndicator(jdbc.healthIndicator());
            sqlTools.ifPresent(settings -> builder.pack(SqlPack.of(jdbc, settings)));
        });
    }

    @Override
    public void built(Bulwark bulwark) {
        database().ifPresent(jdbc -> jdbc.meterBinder().bindTo(bulwark.meterRegistry()));
    }

    /** Closes the database; the data source stays open. */
    @Override
    public synchronized void close() {
        if (database != null) {
            database.close();
        }
    }

    /**
     * Whether the data source reaches PostgreSQL, without connecting: its HikariCP JDBC URL, a PgJDBC data source,
     * else {@code spring.datasource.url}.
     */
    boolean reachesPostgres() {
        try {
            if (dataSource.isWrapperFor(org.postgresql.ds.common.BaseDataSource.class)) {
                return true;
            }
            if (dataSource.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class)) {
                String url = dataSource
                        .unwrap(com.zaxxer.hikari.HikariDataSource.class)
                        .getJdbcUrl();
                if (url != null) {
                    return isPostgres(url);
                }
            }
        } catch (SQLException e) {
            // not a wrapper after all: fall back on Spring's property
        }
        return springUrl.map(BulwarkDatabase::isPostgres).orElse(false);
    }

    private static boolean isPostgres(String url) {
        return url.strip().toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
    }

    /** The SQL pack, apart so that its classes load only when the SQL tools are on. */
    private static final class SqlPack {
        static ToolPack of(JdbcDatabase database, SqlToolSettings settings) {
            return BuiltInTools.sqlPack(database.sqlGateway(), settings);
        }

        static SqlToolSettings settings(Environment environment) {
            if (!ClassUtils.isPresent("dev.bulwark.tools.BuiltInTools", BulwarkDatabase.class.getClassLoader())) {
                throw new BulwarkPropertiesException(List.of(BulwarkSettingsBinding.SQL_TOOLS
                        + ": the SQL tools are in dev.bulwark:bulwark-tools; add it to the application"));
            }
            return BulwarkSettingsBinding.bind(
                    environment, BulwarkPropertyKeys.SqlToolTable.KEYS, SqlToolSettings.defaults());
        }
    }
}
