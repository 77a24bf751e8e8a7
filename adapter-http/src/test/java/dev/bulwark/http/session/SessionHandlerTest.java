package dev.bulwark.http.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import dev.bulwark.test.fakes.ManualTicker;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sessions cannot leak: the cap, and eviction of idle sessions through the transport itself. */
class SessionHandlerTest {

    @Test
    void newSessionOverTheCapGets503WithAJsonRpcError() {
        try (HttpHarness harness = HttpHarness.start(
                settings -> settings.toBuilder().maxSessions(2).build())) {
            harness.initialize();
            harness.initialize();

            HttpResponse<String> third = harness.post(HttpHarness.INITIALIZE, Map.of());

            assertThat(third.statusCode()).isEqualTo(503);
            assertThat(third.headers().firstValue("Mcp-Session-Id")).isEmpty();
            assertThat(HttpHarness.message(third).path("error").path("message").asText())
                    .contains("http.max-sessions");
            assertThat(harness.server.sessionCount()).isEqualTo(2);
        }
    }

    @Test
    void aRequestWithoutTheSessionIdIsToldOnlyThatTheHeaderIsMissing() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> post = harness.post(HttpHarness.LIST_TOOLS, Map.of());
            HttpResponse<String> get = harness.send(java.net.http.HttpRequest.newBuilder(harness.mcpUri())
                    .timeout(HttpHarness.PATIENCE)
                    .header("Accept", "text/event-stream")
                    .GET()
                    .build());
            HttpResponse<String> delete = harness.send(java.net.http.HttpRequest.newBuilder(harness.mcpUri())
                    .timeout(HttpHarness.PATIENCE)
                    .DELETE()
                    .build());

            for (HttpResponse<String> response : java.util.List.of(post, get, delete)) {
                assertThat(response.statusCode())
                        .as(response.request().method())
                        .isEqualTo(400);
                assertThat(HttpHarness.message(response)
                                .path("error")
                                .path("message")
                                .asText())
                        .as(response.request().method())
                        .isEqualTo("Bad request: the Mcp-Session-Id header is missing; send the session id the"
                                + " initialize response gave, or start a session with initialize");
            }
            HttpHarness.eventually(() -> assertThat(harness.registry
                            .find("mcp.errors")
                            .tag("error_type", "http_missing_session_id")
                            .counter()
                            .count())
                    .isEqualTo(3));
        }
    }

    @Test
    void aBodyThatCannotBeReadIsBlamedOnTheBodyEvenWithoutASessionId() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response = harness.post("{not json", Map.of());

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(HttpHarness.message(response)
                            .path("error")
                            .path("message")
                            .asText())
                    .startsWith("Parse error")
                    .doesNotContain("Mcp-Session-Id");
        }
    }

    @Test
    void initializeNamingAnUnknownSessionIsRefusedAndStartsNone() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response = harness.post(HttpHarness.INITIALIZE, Map.of("Mcp-Session-Id", "bogus"));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();
            assertThat(HttpHarness.message(response).path("id").asInt()).isEqualTo(1);
            assertThat(HttpHarness.message(response)
                            .path("error")
                            .path("message")
                            .asText())
                    .isEqualTo("Invalid Request: initialize starts a new session; send it without the Mcp-Session-Id"
                            + " header");
        }
    }

    @Test
    void initializeNamingAKnownSessionIsRefusedAndTheSessionGoesOn() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();

            HttpResponse<String> response = harness.post(HttpHarness.INITIALIZE, Map.of("Mcp-Session-Id", session));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();
            assertThat(HttpHarness.toolText(harness.callTool(session, "echo", Map.of())))
                    .isEqualTo("echo");
        }
    }

    @Test
    void theCapCannotBeGotAroundByNamingASession() {
        try (HttpHarness harness = HttpHarness.start(
                settings -> settings.toBuilder().maxSessions(1).build())) {
            harness.initialize();

            HttpResponse<String> response = harness.post(HttpHarness.INITIALIZE, Map.of("Mcp-Session-Id", "x"));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(harness.post(HttpHarness.INITIALIZE, Map.of()).statusCode())
                    .isEqualTo(503);
        }
    }

    @Test
    void deletingASessionMakesRoomForANewOne() {
        try (HttpHarness harness = HttpHarness.start(
                settings -> settings.toBuilder().maxSessions(1).build())) {
            String first = harness.initialize();
            harness.delete(first);

            assertThat(harness.post(HttpHarness.INITIALIZE, Map.of()).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void existingSessionsAreServedAtTheCap() {
        try (HttpHarness harness = HttpHarness.start(
                settings -> settings.toBuilder().maxSessions(1).build())) {
            String session = harness.initialize();

            assertThat(HttpHarness.toolText(harness.callTool(session, "echo", Map.of())))
                    .isEqualTo("echo");
        }
    }

    @Test
    void idleSessionIsEndedAndItsIdIsThenUnknown() {
        ManualTicker ticker = new ManualTicker();
        Duration idle = Duration.ofSeconds(1);
        try (HttpHarness harness = HttpHarness.start(
                settings -> settings.toBuilder().sessionIdleTimeout(idle).build().toBuilder()
                        .maxSessions(1)
                        .build(),
                ticker)) {
            String session = harness.initialize();

            ticker.advance(idle);
            HttpHarness.eventually(() -> assertThat(harness.registry
                            .get("mcp.sessions.evicted")
                            .counter()
                            .count())
                    .isEqualTo(1.0));

            assertThat(harness.server.sessionCount()).isZero();
            assertThat(harness.callTool(session, "echo", Map.of()).statusCode()).isEqualTo(404);
            assertThat(harness.post(HttpHarness.INITIALIZE, Map.of()).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void sessionInUseIsNotEvicted() {
        ManualTicker ticker = new ManualTicker();
        try (HttpHarness harness = HttpHarness.start(
                settings -> settings.toBuilder()
                        .sessionIdleTimeout(Duration.ofSeconds(1))
                        .build(),
                ticker)) {
            String session = harness.initialize();
            String idle = harness.initialize(); // left alone: its eviction shows an eviction pass ran
            ticker.advance(Duration.ofMillis(900));
            harness.callTool(session, "echo", Map.of());
            ticker.advance(Duration.ofMillis(900));

            // one pass sees both sessions at the same time: the idle one for 1.8 s, the one in use for 0.9 s
            HttpHarness.eventually(() -> assertThat(harness.registry
                            .get("mcp.sessions.evicted")
                            .counter()
                            .count())
                    .isEqualTo(1.0));
            assertThat(harness.server.sessionCount()).isEqualTo(1);
            assertThat(harness.callTool(idle, "echo", Map.of()).statusCode()).isEqualTo(404);
            assertThat(HttpHarness.toolText(harness.callTool(session, "echo", Map.of())))
                    .isEqualTo("echo");
        }
    }

    @Test
    void evictionPeriodIsATenthOfTheIdleTimeoutWithinBounds() {
        assertThat(SessionEvictor.periodFor(Duration.ofMinutes(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(SessionEvictor.periodFor(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(6));
        assertThat(SessionEvictor.periodFor(Duration.ofMillis(200))).isEqualTo(Duration.ofMillis(100));
    }
}
