package dev.bulwark.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The MCP-Protocol-Version header, checked at the edge before the transport. */
class ProtocolVersionHandlerTest {

    @Test
    void unsupportedVersionGets400ListingTheSupportedOnes() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();

            HttpResponse<String> response = harness.post(
                    HttpHarness.LIST_TOOLS, Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "1999-01-01"));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(HttpHarness.message(response)
                            .path("error")
                            .path("message")
                            .asText())
                    .contains("unsupported MCP-Protocol-Version", "2025-11-25");
        }
    }

    @Test
    void garbageVersionGets400() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> response =
                    harness.post(HttpHarness.LIST_TOOLS, Map.of("MCP-Protocol-Version", "<script>"));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).doesNotContain("<script>");
        }
    }

    @Test
    void supportedVersionIsServed() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();

            HttpResponse<String> response = harness.post(
                    HttpHarness.LIST_TOOLS, Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18"));

            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void requestWithoutTheHeaderIsServed() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            assertThat(harness.post(HttpHarness.LIST_TOOLS, Map.of()).statusCode())
                    .isEqualTo(200);
        }
    }
}
