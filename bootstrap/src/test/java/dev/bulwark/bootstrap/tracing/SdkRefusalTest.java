package dev.bulwark.bootstrap.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.bootstrap.config.ConfigError;
import dev.bulwark.bootstrap.config.StartupConfigException;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The SDK's refusals (its own messages, as {@code OtlpTracing} gets them) become fixed text naming the variable at
 * fault, with no part of the SDK's message.
 */
class SdkRefusalTest {

    private static final Set<String> SERVER_SET =
            Set.of(SdkRefusal.ENDPOINT, "otel.service.name", "otel.traces.exporter");

    @Test
    void aHeaderValueThatIsNotUrlEncodedNamesTheHeadersVariableAndNotTheEndpoint() {
        ConfigError error = refusal(
                "Cannot decode header value: Bearer%ZZs3cretTOKEN",
                Map.of("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%ZZs3cretTOKEN"), Set.of());

        assertThat(error.key()).isEqualTo("otel.exporter.otlp.headers");
        assertThat(error.source()).isEqualTo("environment variable OTEL_EXPORTER_OTLP_HEADERS");
        assertThat(error.toString())
                .doesNotContain("tracing.endpoint")
                .doesNotContain("OTEL_EXPORTER_OTLP_ENDPOINT")
                .doesNotContain("Bearer")
                .doesNotContain("ZZ")
                .doesNotContain("s3cret")
                .doesNotContain("TOKEN");
    }

    @Test
    void theTracesOwnHeadersVariableIsNamedWhenItIsTheOneSet() {
        ConfigError error = refusal(
                "Cannot decode header value: %ZZ", Map.of("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "a=%ZZ"), Set.of());

        assertThat(error.source()).isEqualTo("environment variable OTEL_EXPORTER_OTLP_TRACES_HEADERS");
    }

    @Test
    void aRefusalNamingAPropertyNamesItsSourceAndNotItsValue() {
        ConfigError fromEnv = refusal(
                "Invalid value for property otel.bsp.max.queue.size=12ab. Must be a integer.",
                Map.of("OTEL_BSP_MAX_QUEUE_SIZE", "12ab"),
                Set.of());
        ConfigError fromProperty =
                refusal("Unrecognized value for otel.traces.sampler: s3cret", Map.of(), Set.of("otel.traces.sampler"));

        assertThat(fromEnv)
                .extracting(ConfigError::key, ConfigError::source)
                .containsExactly("otel.bsp.max.queue.size", "environment variable OTEL_BSP_MAX_QUEUE_SIZE");
        assertThat(fromEnv.toString()).doesNotContain("12ab");
        assertThat(fromProperty)
                .extracting(ConfigError::key, ConfigError::source)
                .containsExactly("otel.traces.sampler", "system property otel.traces.sampler");
        assertThat(fromProperty.toString()).doesNotContain("s3cret");
    }

    @Test
    void aNameInsideTheValueDoesNotWinOverTheNameBeforeIt() {
        ConfigError error = refusal(
                "Invalid map property: otel.exporter.otlp.headers=otel.traces.sampler",
                Map.of("OTEL_EXPORTER_OTLP_HEADERS", "otel.traces.sampler", "OTEL_TRACES_SAMPLER", "always_on"),
                Set.of());

        assertThat(error.key()).isEqualTo("otel.exporter.otlp.headers");
    }

    @Test
    void anEndpointRefusalIsTheTracingEndpointsSoTheLauncherNamesItsSource() {
        ConfigError error =
                refusal("OTLP endpoint must not have a query string: http://c:4318?token=s3cret", Map.of(), Set.of());

        assertThat(error.key()).isEqualTo("tracing.endpoint");
        assertThat(error.source()).isEqualTo(StartupConfigException.WIRING_SOURCE);
        assertThat(error.toString()).doesNotContain("s3cret");
    }

    @Test
    void aRefusalNamingNoSettingSaysWhereToLookWithoutTheMessage() {
        ConfigError error = refusal("Unexpected configuration error: Bearer s3cret", Map.of("OTEL_FOO", "x"), Set.of());

        assertThat(error.key()).isEqualTo("tracing");
        assertThat(error.toString())
                .contains("OTEL_*")
                .contains("ConfigurationException")
                .doesNotContain("Bearer")
                .doesNotContain("s3cret");
    }

    private static ConfigError refusal(String sdkMessage, Map<String, String> env, Set<String> systemProperties) {
        return SdkRefusal.of(new ConfigurationException(sdkMessage), SERVER_SET, env, systemProperties)
                .error();
    }
}
