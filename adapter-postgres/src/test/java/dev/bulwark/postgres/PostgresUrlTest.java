package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
        assertThat(PostgresUrl.parse("postgres://app:hunter2@db/app").toString()).doesNotContain("hunter2");
    }
}
