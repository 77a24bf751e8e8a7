package dev.bulwark.http.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Through the whole server: an answer leaves in one write with the end of its response (so it has a
 * {@code Content-Length}), while a notification is written as soon as it is sent.
 */
class OneWriteAnswersTest {

    @Test
    void anSseAnswerGoesOutWholeWithItsLength() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response = harness.callTool(harness.initialize(), "echo", Map.of());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(response.headers().firstValueAsLong("Content-Length"))
                    .hasValue(response.body().length());
            assertThat(HttpHarness.toolText(response)).isEqualTo("echo");
        }
    }

    @Test
    void aJsonAnswerGoesOutWholeWithItsLength() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> response = harness.callTool(null, "echo", Map.of());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValueAsLong("Content-Length"))
                    .hasValue(response.body().length());
            assertThat(HttpHarness.toolText(response)).isEqualTo("echo");
        }
    }

    @Test
    void aNotificationReachesTheClientWhileTheCallStillRuns() throws Exception {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            String session = harness.initialize();
            HttpRequest call = HttpRequest.newBuilder(harness.mcpUri())
                    .timeout(HttpHarness.PATIENCE)
                    .header("Content-Type", "application/json")
                    .header("Accept", HttpHarness.ACCEPT_BOTH)
                    .header("Mcp-Session-Id", session)
                    .header("MCP-Protocol-Version", "2025-11-25")
                    .POST(
                            HttpRequest.BodyPublishers.ofString(
                                    "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\","
                                            + "\"params\":{\"name\":\"progress\",\"arguments\":{},\"_meta\":{\"progressToken\":\"p1\"}}}"))
                    .build();

            HttpResponse<Stream<String>> response = harness.client.send(call, HttpResponse.BodyHandlers.ofLines());
            Iterator<String> lines = response.body().iterator();
            String notification = nextData(lines); // read while the tool waits for the release below
            harness.slowRelease.countDown();
            String answer = nextData(lines);

            assertThat(notification).contains("\"notifications/progress\"").contains("half way");
            assertThat(answer).contains("\"id\":9").contains("slow done");
        }
    }

    private static String nextData(Iterator<String> lines) {
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data:") && !line.substring(5).isBlank()) { // not the priming event
                return line;
            }
        }
        throw new AssertionError("The stream ended without another data line");
    }
}
