package dev.bulwark.http.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HTTP traffic in the meters: exchanges, refusals, connections, sessions. */
class HttpMetricsTest {

    @Test
    void theRefusalsOfClientsTakingMoreThanTheirShareAreRegisteredAtZeroWhenBound() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        new HttpMetrics().bindTo(registry);

        assertThat(registry.find("mcp.errors").counters())
                .extracting(counter -> counter.getId().getTag("error_type"))
                .containsExactlyInAnyOrder(
                        "http_connections_per_address",
                        "http_request_head_timeout",
                        "http_session_limit",
                        "http_address_session_limit",
                        "http_caller_session_limit",
                        "http_busy");
        assertThat(registry.find("mcp.errors").counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
        assertThat(registry.get("mcp.sessions.rejected").counter().count()).isZero();
    }

    @Test
    void exchangesAreCountedByMethodAndStatus() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.initialize();

            HttpHarness.eventually(() -> {
                assertThat(harness.registry
                                .get("mcp.http.requests")
                                .tags("method", "POST", "status", "200")
                                .counter()
                                .count())
                        .isGreaterThanOrEqualTo(1.0);
                assertThat(harness.registry
                                .get("mcp.http.request.duration")
                                .tag("method", "POST")
                                .timer()
                                .count())
                        .isGreaterThanOrEqualTo(1);
            });
        }
    }

    @Test
    void aRequestJettyRefusesBeforeTheEdgeIsCountedAndExplained() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String response = harness.raw("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 5\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{}");

            assertThat(response).startsWith("HTTP/1.1 400").contains("the HTTP request is malformed");
            HttpHarness.eventually(() -> {
                assertThat(harness.registry
                                .get("mcp.errors")
                                .tag("error_type", "http_malformed_request")
                                .counter()
                                .count())
                        .isEqualTo(1.0);
                assertThat(harness.registry
                                .get("mcp.http.requests")
                                .tags("method", "POST", "status", "400")
                                .counter()
                                .count())
                        .isEqualTo(1.0);
            });
        }
    }

    @Test
    void aUriTooLongIsAnsweredWithTheLimitAndTheConnectionCloses() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String response = harness.raw("GET /mcp?x=" + "a".repeat(9000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

            assertThat(response)
                    .startsWith("HTTP/1.1 414")
                    .contains("Connection: close")
                    .contains("URI too long: the request line and headers may hold at most 8 KiB");
        }
    }

    @Test
    void aBodyThatStopsIsCountedAsARequestTimeout() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String response = harness.raw("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Accept: " + HttpHarness.ACCEPT_BOTH + "\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n"
                    + "{\"jsonrpc\""); // and nothing more: the body stops

            assertThat(response).startsWith("HTTP/1.1 408");
            HttpHarness.eventually(() -> assertThat(harness.registry
                            .get("mcp.errors")
                            .tag("error_type", "http_request_timeout")
                            .counter()
                            .count())
                    .isEqualTo(1.0));
        }
    }

    @Test
    void refusalsAreCountedAsErrorsByType() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.post(HttpHarness.INITIALIZE, Map.of("Origin", "http://evil.example"));

            HttpHarness.eventually(() -> {
                assertThat(harness.registry
                                .get("mcp.errors")
                                .tag("error_type", "http_forbidden_origin")
                                .counter()
                                .count())
                        .isEqualTo(1.0);
                assertThat(harness.registry
                                .get("mcp.http.requests")
                                .tags("method", "POST", "status", "403")
                                .counter()
                                .count())
                        .isEqualTo(1.0);
            });
        }
    }

    @Test
    void aMethodRefusedOnTheMcpEndpointIsCounted() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.send(java.net.http.HttpRequest.newBuilder(harness.mcpUri())
                    .method("PUT", java.net.http.HttpRequest.BodyPublishers.noBody())
                    .build());

            HttpHarness.eventually(() -> {
                assertThat(harness.registry
                                .get("mcp.errors")
                                .tag("error_type", "http_method_not_allowed")
                                .counter()
                                .count())
                        .isEqualTo(1.0);
                assertThat(harness.registry
                                .get("mcp.http.requests")
                                .tags("method", "OTHER", "status", "405")
                                .counter()
                                .count())
                        .isEqualTo(1.0);
            });
        }
    }

    @Test
    void liveSessionsAndOpenConnectionsAreGauged() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            harness.initialize();

            HttpHarness.eventually(() -> assertThat(
                            harness.registry.get("mcp.sessions.active").gauge().value())
                    .isEqualTo(1.0));
            assertThat(harness.registry.get("mcp.active.connections").gauge().value())
                    .isGreaterThanOrEqualTo(1.0);
        }
    }

    @Test
    void unusualMethodsShareOneSeries() {
        HttpMetrics metrics = new HttpMetrics();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);

        metrics.exchangeEnded("BREW", 405, 1_000, null);
        metrics.exchangeEnded("PROPFIND", 405, 1_000, null);

        assertThat(registry.get("mcp.http.requests")
                        .tags("method", "OTHER", "status", "405")
                        .counter()
                        .count())
                .isEqualTo(2.0);
    }

    @Test
    void nothingIsRecordedBeforeBinding() {
        HttpMetrics metrics = new HttpMetrics();

        metrics.exchangeEnded("POST", 200, 1_000, null);
        metrics.sessionEvicted();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);

        assertThat(registry.find("mcp.http.requests").counter()).isNull();
        assertThat(registry.get("mcp.sessions.evicted").counter().count()).isZero();
    }
}
