package dev.bulwark.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The metrics text on the management port. */
class MetricsEndpointTest {

    @Test
    void servesTheExpositionWithItsContentType() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response = harness.get(harness.operations("/metrics"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(response.body()).contains("test_metric 1.0");
        }
    }
}
