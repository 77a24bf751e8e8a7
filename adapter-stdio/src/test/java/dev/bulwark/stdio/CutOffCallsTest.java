package dev.bulwark.stdio;

import static dev.bulwark.stdio.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.ports.security.Principal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A call still running when the session's end stops waiting for it gets an error saying it was cut off by the
 * shutdown and may have run, before stdout closes: in both protocol eras, and exactly one answer.
 */
class CutOffCallsTest extends StdioTransportTestBase {

    private static final Duration SHORT_DRAIN = Duration.ofMillis(300);
    private static final Duration GENEROUS = Duration.ofSeconds(30);
    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
    private final ObjectMapper json = new ObjectMapper();

    private List<JsonNode> answersTo(List<String> lines, int id) throws Exception {
        List<JsonNode> answers = new java.util.ArrayList<>();
        for (String line : lines) {
            JsonNode message = json.readTree(line);
            if (message.path("id").asInt(-1) == id && !message.has("method")) {
                answers.add(message);
            }
        }
        return answers;
    }

    @Test
    void aSessionEraCallStillRunningAtTheDrainsEndIsAnsweredAsCutOff() throws Exception {
        stdio = new StdioHarness(MAX_LINE_BYTES, null, SHORT_DRAIN, tool("slow", this::awaitRelease));
        stdio.initialize();
        stdio.send(StdioHarness.toolsCall(10, "slow"));

        stdio.endInput();

        assertThat(stdio.provider.terminated()).succeedsWithin(GENEROUS);
        List<JsonNode> answers = answersTo(stdio.closeStdoutAndCollectAll(), 10);
        assertThat(answers).singleElement().satisfies(answer -> {
            assertThat(answer.path("error").path("code").asInt()).isEqualTo(StdioRefusals.SERVER_UNAVAILABLE);
            assertThat(answer.path("error").path("message").asText()).contains("cut off", "may have run");
        });
    }

    @Test
    void aStatelessEraCallStillRunningAtTheDrainsEndIsAnsweredAsCutOff() throws Exception {
        Era2026RequestsOverStdioTest.FakeEra2026Requests fake = new Era2026RequestsOverStdioTest.FakeEra2026Requests();
        stdio = new StdioHarness(MAX_LINE_BYTES, null, SHORT_DRAIN);
        stdio.provider.serveEra2026With(fake, Principal.of("operator"));
        stdio.send("{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\",\"params\":{\"name\":\"hang\"," + META
                + "}}");
        eventually("the call runs", () -> fake.pending != null);

        stdio.endInput();

        assertThat(stdio.provider.terminated()).succeedsWithin(GENEROUS);
        List<JsonNode> answers = answersTo(stdio.closeStdoutAndCollectAll(), 11);
        assertThat(answers)
                .singleElement()
                .satisfies(answer -> assertThat(
                                answer.path("error").path("message").asText())
                        .contains("cut off"));
    }

    @Test
    void aCallThatEndsWithinTheDrainGetsItsOwnResultOnly() throws Exception {
        stdio = new StdioHarness(MAX_LINE_BYTES, null, GENEROUS, tool("slow", this::awaitRelease));
        stdio.initialize();
        stdio.send(StdioHarness.toolsCall(12, "slow"));

        stdio.endInput();
        releaseSlowTool.countDown();

        assertThat(stdio.provider.terminated()).succeedsWithin(GENEROUS);
        assertThat(answersTo(stdio.closeStdoutAndCollectAll(), 12))
                .singleElement()
                .satisfies(answer -> assertThat(answer.has("result")).isTrue());
    }
}
