package dev.bulwark.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The caller and the client's request id reach the tool through the transport context. */
class CallerContextExtractorTest {

    @Test
    void everyRequestCarriesTheConfiguredCallerAndASafeRequestId() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            assertThat(HttpHarness.toolText(harness.callTool(null, "whoami", Map.of("X-Request-Id", "abc-123"))))
                    .isEqualTo("http-tester abc-123");
        }
    }

    @Test
    void overlongRequestIdIsIgnored() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            assertThat(HttpHarness.toolText(harness.callTool(null, "whoami", Map.of("X-Request-Id", "a".repeat(129)))))
                    .isEqualTo("http-tester null");
        }
    }
}
