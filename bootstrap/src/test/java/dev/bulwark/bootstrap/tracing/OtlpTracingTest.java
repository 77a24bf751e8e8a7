package dev.bulwark.bootstrap.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The SDK as the server builds it: what it refuses is reported without quoting a value. */
class OtlpTracingTest {

    @Test
    void anUnknownSamplerIsRefusedNamingTheProperty() {
        IllegalStateException refused = catchThrowableOfType(IllegalStateException.class, () -> OtlpTracing.start(
                "http://127.0.0.1:4318", "test", Map.of("otel.traces.sampler", "nonsense"), UnaryOperator.identity()));

        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).contains("otel.traces.sampler");
    }

    @Test
    void aMalformedHeadersValueIsRefusedWithoutQuotingIt() {
        IllegalStateException refused = catchThrowableOfType(IllegalStateException.class, () -> OtlpTracing.start(
                "http://127.0.0.1:4318", "test", Map.of("otel.exporter.otlp.headers", "s3cret-token-without-name"),
                UnaryOperator.identity()));

        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).contains("otel.exporter.otlp.headers").doesNotContain("s3cret");
    }

    @Test
    void theSdkDisabledByItsStandardSettingExportsNothing() {
        OtlpTracing disabled = OtlpTracing.start("http://127.0.0.1:4318", "test",
                Map.of("otel.sdk.disabled", "true"), UnaryOperator.identity());
        OtlpTracing enabled = OtlpTracing.start("http://127.0.0.1:4318", "test", Map.of(), UnaryOperator.identity());
        try {
            assertThat(disabled.exporting()).isFalse();
            assertThat(enabled.exporting()).isTrue();
        } finally {
            disabled.close();
            enabled.close();
        }
    }

    @Test
    void aReasonIsCutBeforeTheValue() {
        assertThat(OtlpTracing.safeReason(new IllegalArgumentException("Invalid map property: a.b=Bearer xyz")))
                .isEqualTo("Invalid map property: a.b=...");
    }
}
