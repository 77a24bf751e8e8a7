package dev.bulwark.stdio;

import static dev.bulwark.stdio.Eventually.eventually;
import static dev.bulwark.stdio.StdioHarness.toolsCall;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reader never waits for the in-flight limit: while every permit is held by a call that waits for the client,
 * and more requests wait behind them, the client's answer and its cancellation, read after those requests, still
 * reach the server at once. A real SDK server on the stdio transport; the test plays the client.
 */
class InFlightLimitOverStdioTest extends StdioTransportTestBase {

    private final List<Object> reported = new CopyOnWriteArrayList<>();

    @AfterEach
    void endInput() {
        if (stdio != null) {
            stdio.endInput(); // the calls still asking fail at once, so the session ends without waiting for them
        }
    }

    @Test
    @Timeout(60)
    void theClientsAnswerAndCancellationPassEveryPermitHeldByCallsWaitingForTheClient() throws Exception {
        StdioHarness stdio = start();
        stdio.provider.reportCancellationsTo((session, requestId) -> reported.add(requestId));
        initializeWithSampling(stdio);
        for (int i = 0; i < InboundDispatcher.MAX_IN_FLIGHT; i++) {
            stdio.send(toolsCall(100 + i, "ask")); // each holds its permit until the client answers it
        }
        stdio.send(toolsCall(1000, "echo")); // these wait for a permit
        stdio.send(toolsCall(1001, "echo"));
        JsonNode question = stdio.next();
        assertThat(question.path("method").asText()).isEqualTo("sampling/createMessage");

        stdio.send("{\"jsonrpc\":\"2.0\",\"id\":" + question.path("id") + ",\"result\":{\"role\":\"assistant\","
                + "\"content\":{\"type\":\"text\",\"text\":\"hello\"},\"model\":\"m\"}}");
        stdio.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":101}}");

        JsonNode answer = nextAnswer(stdio);
        assertThat(answer.at("/result/content/0/text").asText())
                .as("%s", answer)
                .isEqualTo("answered");
        eventually("the cancellation is reported", () -> reported.contains(101));
    }

    /** The next answer on stdout, past the server's own requests (the other calls asking the client). */
    private static JsonNode nextAnswer(StdioHarness stdio) {
        JsonNode line = stdio.next();
        while (line.has("method")) {
            line = stdio.next();
        }
        return line;
    }
}
