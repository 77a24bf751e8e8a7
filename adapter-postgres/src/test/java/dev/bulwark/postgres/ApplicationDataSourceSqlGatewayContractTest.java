package dev.bulwark.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.test.contract.SqlGatewayContract;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * The SQL gateway contract on an application's HikariCP data source (as Spring Boot builds one), which the database
 * borrows: the SQL tools switch to their roles on the application's connections.
 */
class ApplicationDataSourceSqlGatewayContractTest extends SqlGatewayContract {

    private static HikariDataSource application;
    private static JdbcDatabase database;

    private final Owner owner = new Owner(PostgresServer.shared().owner());

    /** A pool as an application configures one: its own name and size, none of the adapter's settings. */
    static HikariDataSource applicationPool(PostgresServer server) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("application");
        config.setJdbcUrl(PostgresUrl.parse(server.appUrl()).jdbcUrl());
        config.setUsername(PostgresServer.APP_USER);
        config.setMaximumPoolSize(6);
        return new HikariDataSource(config);
    }

    /** The options the starter reads besides the data source: short timeouts, as the adapter's own tests use. */
    static DatabaseSettings options() {
        return DatabaseSettings.builder()
                .poolSize(4)
                .connectionTimeout(Duration.ofSeconds(2))
                .statementTimeout(Duration.ofSeconds(1))
                .build();
    }

    @AfterAll
    static void closeDatabase() {
        if (database != null) {
            database.close();
            application.close();
            database = null;
        }
    }

    @Override
    protected SqlGateway createGateway() {
        if (database == null) {
            application = applicationPool(PostgresServer.shared());
            database = JdbcDatabase.over(application, options(), Ticker.system(), OpenTelemetry.noop());
            database.healthIndicator().check(); // waits for the schema
        }
        return database.sqlGateway();
    }

    @Override
    protected void executeAsOwner(String sql) {
        owner.execute(sql);
    }

    @Override
    protected Object queryAsOwner(String sql) {
        return owner.query(sql);
    }

    @Override
    protected void grantToSqlRoles(String table) {
        // postgres-roles.sql set default privileges for tables the application role creates in public.
    }

    @Override
    protected String slowStatement() {
        return "SELECT pg_sleep(5)";
    }
}
