package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.security.Principal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpServerSettingsTest {

    @Test
    void theBuilderStartsFromTheLocalDefaults() {
        HttpServerSettings settings = HttpServerSettings.builder().build();

        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.managementPort()).isEqualTo(9090);
        assertThat(settings.mode()).isEqualTo(HttpMode.STATEFUL);
        assertThat(settings.maxRequestBytes()).isEqualTo(1024 * 1024);
        assertThat(settings.caller()).isEqualTo(Principal.of("anonymous"));
    }

    @Test
    void aCopyChangesOnlyWhatItNames() {
        HttpServerSettings settings = HttpServerSettings.builder().port(0).allowedHosts(List.of("mcp.example.com"))
                .build();

        HttpServerSettings stateless = settings.withMode(HttpMode.STATELESS);

        assertThat(stateless.mode()).isEqualTo(HttpMode.STATELESS);
        assertThat(stateless.toBuilder().mode(HttpMode.STATEFUL).build()).isEqualTo(settings);
        assertThat(settings.withIdleTimeout(Duration.ofSeconds(5)).idleTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aValueOutOfRangeIsRefusedByName() {
        assertThatThrownBy(() -> HttpServerSettings.builder().maxSessions(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSessions");
        assertThatThrownBy(() -> HttpServerSettings.builder().allowedOrigins(List.of("*")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wildcard");
        assertThatThrownBy(() -> HttpServerSettings.builder().caller(null).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("caller");
    }
}
