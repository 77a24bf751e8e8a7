package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.security.Principal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {

    @Test
    void theBuilderStartsFromTheLocalDefaults() {
        HttpSettings settings = HttpSettings.builder().build();

        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.managementPort()).isEqualTo(9090);
        assertThat(settings.mode()).isEqualTo(HttpMode.STATEFUL);
        assertThat(settings.caller()).isEqualTo(Principal.of("anonymous", "tools:read", "ops:read"));
    }

    @Test
    void aCopyChangesOnlyWhatItNames() {
        HttpSettings settings = HttpSettings.builder()
                .port(0)
                .allowedHosts(List.of("mcp.example.com"))
                .build();

        HttpSettings stateless = settings.toBuilder().mode(HttpMode.STATELESS).build();

        assertThat(stateless.mode()).isEqualTo(HttpMode.STATELESS);
        assertThat(stateless.toBuilder().mode(HttpMode.STATEFUL).build()).isEqualTo(settings);
        assertThat(settings.toBuilder()
                        .idleTimeout(Duration.ofSeconds(5))
                        .build()
                        .idleTimeout())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aValueOutOfRangeIsRefusedByItsKey() {
        assertThatThrownBy(() -> HttpSettings.builder().maxSessions(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http.max-sessions");
        assertThatThrownBy(() ->
                        HttpSettings.builder().allowedOrigins(List.of("*")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wildcard");
        assertThatThrownBy(() -> HttpSettings.builder().caller(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("caller");
    }

    @Test
    void theDrainDelayMayBeZeroButNotNegative() {
        assertThat(HttpSettings.defaults().drainDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(HttpSettings.builder().drainDelay(Duration.ZERO).build().drainDelay())
                .isZero();
        assertThatThrownBy(() -> HttpSettings.builder()
                        .drainDelay(Duration.ofSeconds(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http.drain-delay must not be negative");
    }

    @Test
    void managementPortZeroServesTheOperationsEndpointsOnTheMcpPortAndNoOtherValueDoes() {
        assertThat(HttpSettings.builder().managementPort(0).build().operationsOnMcpPort())
                .isTrue();
        assertThat(HttpSettings.builder().managementPort(9191).build().operationsOnMcpPort())
                .isFalse();
        assertThat(HttpSettings.builder()
                        .managementPort(HttpSettings.ANY_FREE_PORT)
                        .build()
                        .operationsOnMcpPort())
                .isFalse();
        assertThatThrownBy(() -> HttpSettings.builder().managementPort(-2).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http.management-port");
    }

    @Test
    void theManagementPortMayNotBeTheMcpPortUnlessItIsZero() {
        assertThat(HttpSettings.builder()
                        .port(8181)
                        .managementPort(8181)
                        .build()
                        .problems())
                .singleElement()
                .asString()
                .startsWith("http.management-port is the same as http.port");
        assertThat(HttpSettings.builder().port(0).managementPort(0).build().problems())
                .isEmpty();
    }
}
