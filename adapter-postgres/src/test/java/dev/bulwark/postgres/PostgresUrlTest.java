package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresUrlTest {

    @Test
    void splitsAHerokuStyleUrlIntoAJdbcUrlAndCredentials() {
        PostgresUrl url = PostgresUrl.parse("postgres://app:s%40cret@db.example.com:6543/appdb?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/appdb?sslmode=require");
        assertThat(url.user()).contains("app");
        assertThat(url.password()).contains("s@cret");
    }

    @Test
    void acceptsAJdbcUrlWithCredentialsAsParameters() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://localhost/appdb?user=app&password=pw&ssl=true");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/appdb?ssl=true");
        assertThat(url.user()).contains("app");
        assertThat(url.password()).contains("pw");
    }

    @Test
    void refusesAnotherSchemeWithoutRepeatingTheUrl() {
        assertThatThrownBy(() -> PostgresUrl.parse("mysql://root:hunter2@db/app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void neverPrintsItself() {
        assertThat(PostgresUrl.parse("postgres://app:hunter2@db/app").toString())
                .doesNotContain("hunter2");
    }

    @Test
    void acceptsAHostNameWithAnUnderscoreAsComposeNamesServices() {
        PostgresUrl url = PostgresUrl.parse("postgres://app:pw@my_postgres:5432/app");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://my_postgres:5432/app");
        assertThat(url.user()).contains("app");
    }

    @Test
    void keepsAListOfHostsForTheDriversFailover() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://pg1:5432,pg2:5433/app?targetServerType=primary");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://pg1:5432,pg2:5433/app?targetServerType=primary");
    }

    @Test
    void keepsAnIpv6AddressAndAUrlWithoutPath() {
        assertThat(PostgresUrl.parse("postgresql://[::1]:5432").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "postgres://app:hunter2@/app",
                "postgres://app:hunter2@db:99999/app",
                "postgres://app:hunter2@db:port/app",
                "postgres://app:hunter2@db,/app",
                "postgres://app:hunter2@d b/app",
            })
    void refusesAMissingOrMalformedHostWithoutRepeatingTheUrl(String text) {
        assertThatThrownBy(() -> PostgresUrl.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("DATABASE_URL")
                .hasMessageNotContaining("hunter2");
    }
}
