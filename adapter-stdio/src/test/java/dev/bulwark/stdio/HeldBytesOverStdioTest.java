package dev.bulwark.stdio;

import static dev.bulwark.stdio.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.stdio.Era2026RequestsOverStdioTest.FakeEra2026Requests;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The requests running and waiting are held parsed, so their lines together take at most the transport's byte
 * bound: one more that does not fit is answered busy at once, while small requests are far from the bound. Real
 * stdio pipes; 2026-era calls of a fake's {@code hang} tool stay running until the test answers them.
 */
class HeldBytesOverStdioTest {

    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
    /** Room for two {@link #hang} lines of 400 bytes, not three. */
    private static final long MAX_HELD_BYTES = 1000;

    private final FakeEra2026Requests fake = new FakeEra2026Requests();
    private final StdioHarness harness =
            new StdioHarness(1 << 20, null, InboundDispatcher.DEFAULT_DRAIN_TIMEOUT, MAX_HELD_BYTES);

    @AfterEach
    void close() throws IOException {
        harness.close();
    }

    @Test
    @Timeout(60)
    void aRequestThatDoesNotFitBesideThoseRunningIsAnsweredBusyAndOneFitsAgainOnceTheyEnd() throws Exception {
        holdTwoCalls();

        harness.send(hang(3));

        JsonNode busy = harness.next();
        assertThat(busy.path("id").asInt()).isEqualTo(3);
        assertThat(busy.path("error").path("code").asInt()).isEqualTo(StdioRefusals.SERVER_UNAVAILABLE);
        assertThat(busy.path("error").path("message").asText())
                .contains("busy with other large requests")
                .contains("retry later", "not run");
        assertThat(fake.requests).as("not run").hasSize(2);

        fake.hanging.get(0).complete(Era2026Answer.of(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));
        assertThat(harness.next().path("id").asInt()).isEqualTo(1);
        harness.send(hang(4));
        eventually(() -> fake.hanging.size() == 3);
        assertThat(fake.requests).as("its bytes were given back").hasSize(3);

        answerEveryHangingCall();
    }

    @Test
    @Timeout(60)
    void aRequestWithoutRoomIsAnsweredBusyBeforeItIsParsed() throws Exception {
        holdTwoCalls();

        // Parsed, this line would be answered -32700, nested beyond the parser's 1000 levels; unparsed, it is only a
        // request without room
        harness.send(hang(3).replace("\"pad\"", "\"deep\":" + "[".repeat(1001) + "]".repeat(1001) + ",\"pad\""));

        JsonNode busy = harness.next();
        assertThat(busy.path("id").asInt()).isEqualTo(3);
        assertThat(busy.path("error").path("message").asText()).contains("busy with other large requests");

        answerEveryHangingCall();
    }

    /** Sends calls 1 and 2 of {@code hang}, which take the room there is, and waits until both run. */
    private void holdTwoCalls() {
        harness.provider.serveEra2026With(fake, Principal.of("operator"));
        harness.send(hang(1));
        harness.send(hang(2));
        eventually(() -> fake.hanging.size() == 2);
    }

    private void answerEveryHangingCall() {
        fake.hanging.forEach(
                call -> call.complete(Era2026Answer.of(200, "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}")));
    }

    /** A call of {@code hang} of about 400 bytes. */
    private static String hang(int id) {
        String line = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"hang\","
                + "\"arguments\":{\"pad\":\"%s\"}," + META + "}}";
        return line.formatted("x".repeat(400 - line.length()));
    }
}
