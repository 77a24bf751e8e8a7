package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.ConfigFixtures.failure;
import static dev.bulwark.bootstrap.config.ConfigFixtures.load;
import static dev.bulwark.bootstrap.config.ConfigFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.bootstrap.tracing.ServerTracing;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracing keys ({@code tracing.*}) from every source, their checks, and tracing off without an endpoint. */
class TracingConfigTest {

    @TempDir
    Path dir;

    @Test
    void withoutAnEndpointTracingIsOffAndTheNoOpIsUsed() {
        TracingSettings tracing = load(List.of(), Map.of()).config().tracing();

        assertThat(tracing).isEqualTo(TracingSettings.defaults());
        assertThat(tracing.enabled()).isFalse();
        try (ServerTracing server = ServerTracing.start(tracing, "bulwark")) {
            assertThat(server.enabled()).isFalse();
            assertThat(server.openTelemetry()).isSameAs(OpenTelemetry.noop());
        }
    }

    @Test
    void theStandardOpenTelemetryVariablesTurnItOn() {
        TracingSettings tracing = load(
                        List.of(),
                        Map.of(
                                "OTEL_EXPORTER_OTLP_ENDPOINT",
                                "http://collector:4318",
                                "OTEL_SERVICE_NAME",
                                "mcp-gateway"))
                .config()
                .tracing();

        assertThat(tracing)
                .isEqualTo(new TracingSettings(Optional.of("http://collector:4318"), Optional.of("mcp-gateway")));
        assertThat(tracing.enabled()).isTrue();
    }

    @Test
    void theFileSetsThemAndAFlagWinsOverTheVariable() {
        Path file = write(dir, "bulwark.yaml", """
                tracing:
                  endpoint: http://from-file:4318
                  service-name: from-file
                """);

        TracingSettings tracing = load(
                        List.of("--config", file.toString(), "--tracing-endpoint", "https://from-flag:4318"),
                        Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://from-env:4318"))
                .config()
                .tracing();

        assertThat(tracing.endpoint()).contains("https://from-flag:4318");
        assertThat(tracing.serviceName()).contains("from-file");
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlOrHoldsCredentialsIsRefusedWithoutQuotingIt() {
        ConfigException notHttp = failure(List.of("--tracing-endpoint", "collector:4318"), Map.of());
        ConfigException withCredentials =
                failure(List.of(), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "https://user:hunter2@collector:4318"));

        assertThat(notHttp.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("tracing.endpoint");
            assertThat(error.reason()).contains("http:// or https:// URL");
        });
        assertThat(withCredentials.errors()).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo("tracing.endpoint");
            assertThat(error.reason()).contains("OTEL_EXPORTER_OTLP_HEADERS");
        });
        assertThat(withCredentials.getMessage()).doesNotContain("hunter2");
    }
}
