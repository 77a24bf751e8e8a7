package dev.bulwark.bootstrap.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.bootstrap.config.StartupConfigException;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The SDK as the server builds it: what it refuses is reported without quoting a value. */
class OtlpTracingTest {

    @Test
    void anUnknownSamplerIsRefusedNamingTheProperty() {
        StartupConfigException refused = refusal(Map.of("otel.traces.sampler", "nonsense"));

        assertThat(refused.error().key()).isEqualTo("otel.traces.sampler");
        assertThat(refused.getMessage()).doesNotContain("nonsense");
    }

    @Test
    void aMalformedHeadersValueIsRefusedWithoutQuotingIt() {
        StartupConfigException refused = refusal(Map.of("otel.exporter.otlp.headers", "s3cret-token-without-name"));

        assertThat(refused.error().key()).isEqualTo("otel.exporter.otlp.headers");
        assertThat(refused.getMessage()).doesNotContain("s3cret");
    }

    @Test
    void aHeaderValueTheSdkCannotUrlDecodeIsRefusedWithoutAnyPartOfTheToken() {
        // The SDK's message quotes this value whole, with no '=' before it.
        StartupConfigException refused =
                refusal(Map.of("otel.exporter.otlp.headers", "Authorization=Bearer%ZZs3cretTOKEN"));

        assertThat(refused.error().key())
                .isEqualTo("otel.exporter.otlp.headers")
                .isNotEqualTo("tracing.endpoint");
        assertThat(refused.getMessage())
                .contains("URL-encoded")
                .doesNotContain("Bearer")
                .doesNotContain("%ZZ")
                .doesNotContain("s3cret")
                .doesNotContain("TOKEN");
        assertThat(refused).hasNoCause();
    }

    @Test
    void theSdkDisabledByItsStandardSettingExportsNothing() {
        OtlpTracing disabled = OtlpTracing.start(
                "http://127.0.0.1:4318", "test", Map.of("otel.sdk.disabled", "true"), UnaryOperator.identity());
        OtlpTracing enabled = OtlpTracing.start("http://127.0.0.1:4318", "test", Map.of(), UnaryOperator.identity());
        try {
            assertThat(disabled.exporting()).isFalse();
            assertThat(enabled.exporting()).isTrue();
        } finally {
            disabled.close();
            enabled.close();
        }
    }

    private static StartupConfigException refusal(Map<String, String> defaults) {
        StartupConfigException refused = catchThrowableOfType(
                StartupConfigException.class,
                () -> OtlpTracing.start("http://127.0.0.1:4318", "test", defaults, UnaryOperator.identity()));
        assertThat(refused).as("the SDK's refusal").isNotNull();
        return refused;
    }
}
