package dev.bulwark.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.ports.health.HealthIndicator;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.ports.users.UserRepository;
import dev.bulwark.postgres.JdbcDatabase;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import javax.inject.Singleton;

/**
 * The database adapter: PostgreSQL when {@code DATABASE_URL} is set, the embedded H2 otherwise.
 */
@Module
interface DatabaseModule {

    /** How long after start the database is opened and migrated when nothing has needed it before. */
    Duration MIGRATION_DELAY = Duration.ofSeconds(10);

    /**
     * The system property the build's class-data training runs set ({@code bootstrap/pom.xml}): they never open the
     * database by themselves, however slow the machine, since the JVM maps a whole archive at every start and a start
     * does not need the database's classes.
     */
    String TRAINING_PROPERTY = "bulwark.cds.training";

    /** The migration delay of a training run: longer than any training takes. */
    Duration TRAINING_MIGRATION_DELAY = Duration.ofDays(1);

    @Provides
    @Singleton
    static JdbcDatabase database(ServerConfig config, Ticker ticker, OpenTelemetry openTelemetry) {
        AdapterConfigCheck.checkDatabaseUrl(config);
        return JdbcDatabase.open(
                config.database(),
                ticker,
                openTelemetry,
                Boolean.getBoolean(TRAINING_PROPERTY) ? TRAINING_MIGRATION_DELAY : MIGRATION_DELAY);
    }

    @Provides
    static UserRepository userRepository(JdbcDatabase database) {
        return database.userRepository();
    }

    @Provides
    static SqlGateway sqlGateway(JdbcDatabase database) {
        return database.sqlGateway();
    }

    @Provides
    @IntoSet
    static HealthIndicator databaseHealth(JdbcDatabase database) {
        return database.healthIndicator();
    }

    @Provides
    @IntoSet
    static MeterBinder databaseMeters(JdbcDatabase database) {
        return database.meterBinder();
    }
}
