package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.config.ConfigKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpKeysTest {

    @Test
    void everyKeyIsInTheHttpSectionAndNamedOnce() {
        assertThat(HttpKeys.all()).extracting(ConfigKey::section).containsOnly("http");
        assertThat(HttpKeys.all()).extracting(ConfigKey::flag).doesNotHaveDuplicates();
        assertThat(HttpKeys.all()).extracting(ConfigKey::envVar).doesNotHaveDuplicates();
    }

    @Test
    void aKeySetsItsComponentOfTheSettings() {
        HttpSettings settings =
                HttpKeys.HTTP_SESSION_IDLE_TIMEOUT.applyTo(HttpSettings.defaults(), Duration.ofMinutes(7));

        assertThat(settings.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(7));
        assertThat(HttpKeys.HTTP_SESSION_IDLE_TIMEOUT.valueIn(settings)).isEqualTo(Duration.ofMinutes(7));
    }

    @Test
    void theDefaultIsTheSettingsOwn() {
        assertThat(HttpKeys.HTTP_PORT.defaultText(HttpSettings.defaults()))
                .isEqualTo(String.valueOf(HttpSettings.DEFAULT_PORT));
    }

    @Test
    void portZeroIsRefusedFromConfigurationNamingTheKey() {
        assertThatThrownBy(() -> HttpKeys.HTTP_PORT.applyTo(HttpSettings.defaults(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("http.port must be 1-65535 or any, was 0");
    }

    @Test
    void anyAsksForAFreePortOnEitherPortAndReadsBackAsAny() {
        HttpSettings settings = HttpKeys.HTTP_PORT.applyTo(
                HttpKeys.HTTP_MANAGEMENT_PORT.applyTo(
                        HttpSettings.defaults(),
                        HttpKeys.HTTP_MANAGEMENT_PORT.type().parse("any")),
                HttpKeys.HTTP_PORT.type().parse(" ANY "));

        assertThat(settings.port()).isZero();
        assertThat(settings.managementPort()).isEqualTo(HttpSettings.ANY_FREE_PORT);
        assertThat(settings.operationsOnMcpPort()).isFalse();
        assertThat(HttpKeys.HTTP_PORT.type().format(HttpKeys.HTTP_PORT.valueIn(settings)))
                .isEqualTo("any");
        assertThat(HttpKeys.HTTP_MANAGEMENT_PORT.type().format(HttpKeys.HTTP_MANAGEMENT_PORT.valueIn(settings)))
                .isEqualTo("any");
    }

    @Test
    void managementPortZeroStillServesTheOperationsEndpointsOnTheMcpPort() {
        HttpSettings settings = HttpKeys.HTTP_MANAGEMENT_PORT.applyTo(
                HttpSettings.defaults(), HttpKeys.HTTP_MANAGEMENT_PORT.type().parse("0"));

        assertThat(settings.operationsOnMcpPort()).isTrue();
    }

    @Test
    void modeTypeReadsEitherModeAndRefusesOthers() {
        assertThat(HttpKeys.HTTP_MODE_TYPE.parse(" Stateless ")).isEqualTo(HttpMode.STATELESS);
        assertThat(HttpKeys.HTTP_MODE_TYPE.format(HttpMode.STATEFUL)).isEqualTo("stateful");
        assertThatThrownBy(() -> HttpKeys.HTTP_MODE_TYPE.parse("sticky")).hasMessage("must be stateful or stateless");
    }
}
