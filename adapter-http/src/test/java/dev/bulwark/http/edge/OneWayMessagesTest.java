package dev.bulwark.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import dev.bulwark.ports.testing.ArgumentsCheckingMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Notifications and responses a client posts expect no answer: the server takes them with {@code 202 Accepted}, even
 * when the SDK fails to handle one, since nothing the client sent was wrong.
 */
class OneWayMessagesTest {

    private static final String LATE_RESPONSE = "{\"jsonrpc\":\"2.0\",\"id\":\"no-such-request\",\"result\":{}}";
    private static final String ROOTS_CHANGED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}";

    private static Map<String, String> sessionHeaders(String session) {
        return Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");
    }

    @AfterEach
    void forgetWhatWasRead() {
        InboundMessageMapper.clear();
    }

    @Test
    void aRequestIsNotTakenForAOneWayMessage() throws IOException {
        new InboundMessageMapper(new ArgumentsCheckingMapper()).readValue(HttpHarness.LIST_TOOLS, Object.class);

        assertThat(InboundMessageMapper.readOneWayMessage()).isFalse();
    }

    @Test
    void aNotificationIsTakenForAOneWayMessageUntilCleared() throws IOException {
        new InboundMessageMapper(new ArgumentsCheckingMapper()).readValue(ROOTS_CHANGED, Object.class);
        assertThat(InboundMessageMapper.readOneWayMessage()).isTrue();

        InboundMessageMapper.clear();

        assertThat(InboundMessageMapper.readOneWayMessage()).isFalse();
    }

    @Test
    void aResponseToNoPendingRequestIsAccepted() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();

            HttpResponse<String> response = harness.post(LATE_RESPONSE, sessionHeaders(session));

            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.body()).isEmpty();
        }
    }

    @Test
    void rootsListChangedWithoutAStreamToAskOnIsAccepted() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();

            HttpResponse<String> response = harness.post(ROOTS_CHANGED, sessionHeaders(session));

            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.body()).isEmpty();
        }
    }

    @Test
    void rootsListChangedIsAcceptedAtOnceWhileTheClientHasYetToAnswerTheRootsRequest() throws Exception {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();
            HttpRequest openStream = HttpRequest.newBuilder(harness.mcpUri())
                    .header("Accept", "text/event-stream")
                    .header("Mcp-Session-Id", session)
                    .header("MCP-Protocol-Version", "2025-11-25")
                    .GET()
                    .build();
            HttpResponse<InputStream> stream = harness.client.send(
                    openStream,
                    HttpResponse.BodyHandlers.ofInputStream()); // the server asks roots/list here; never answered
            try (InputStream ignored = stream.body()) {
                // The harness's requests to the client wait 5 minutes: a POST held until the client answers would
                // outlast its own 30 s and fail, however fast the machine
                HttpResponse<String> response = harness.post(ROOTS_CHANGED, sessionHeaders(session));

                assertThat(response.statusCode())
                        .as("no thread waits for the client's answer")
                        .isEqualTo(202);
            }
        }
    }

    @Test
    void theSessionServesRequestsAfterAOneWayMessageFailed() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();
            harness.post(LATE_RESPONSE, sessionHeaders(session));

            HttpResponse<String> response = harness.callTool(session, "echo", Map.of());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"text\":\"echo\"");
        }
    }

    @Test
    void aResponseIsRefusedInStatelessModeWhichSendsNoRequests() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> response = harness.post(LATE_RESPONSE, Map.of("MCP-Protocol-Version", "2025-11-25"));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body())
                    .contains(
                            "\"id\":\"no-such-request\"",
                            "\"code\":-32600",
                            "this server is stateless: it sends no requests, so it takes no responses");
        }
    }

    @Test
    void rootsListChangedIsAcceptedInStatelessMode() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> response = harness.post(ROOTS_CHANGED, Map.of("MCP-Protocol-Version", "2025-11-25"));

            assertThat(response.statusCode()).isEqualTo(202);
        }
    }
}
