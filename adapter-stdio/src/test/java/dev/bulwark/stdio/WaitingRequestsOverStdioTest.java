package dev.bulwark.stdio;

import static dev.bulwark.stdio.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.stdio.Era2026RequestsOverStdioTest.FakeEra2026Requests;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests read while every in-flight permit is taken wait their turn: in input order, up to a bound beyond which
 * they are answered busy, answered "shutting down" when the session ends, and taken out when the client cancels
 * them. Real stdio pipes; 2026-era calls of a fake's {@code hang} tool hold the permits, each until the test
 * answers it.
 */
class WaitingRequestsOverStdioTest {

    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private final FakeEra2026Requests fake = new FakeEra2026Requests();
    private final StdioHarness harness = new StdioHarness(1 << 20);

    @AfterEach
    void close() throws IOException {
        harness.close();
    }

    @Test
    @Timeout(60)
    void aRequestReadWhileTooManyWaitIsAnsweredBusyWithItsIdAtOnce() throws Exception {
        takeEveryPermit();
        for (int id = 1; id <= InboundDispatcher.MAX_WAITING; id++) {
            harness.send(hang(1000 + id));
        }
        eventually(() -> harness.provider.requestsWaiting() == InboundDispatcher.MAX_WAITING);

        harness.send(hang(5000));

        JsonNode busy = harness.next();
        assertThat(busy.path("id").asInt()).isEqualTo(5000);
        assertThat(busy.path("error").path("code").asInt()).isEqualTo(StdioRefusals.SERVER_UNAVAILABLE);
        assertThat(busy.path("error").path("message").asText())
                .contains("busy with too many requests")
                .contains("retry later");
        assertThat(fake.requests).as("not run").hasSize(InboundDispatcher.MAX_IN_FLIGHT);
        assertThat(harness.provider.requestsWaiting()).isEqualTo(InboundDispatcher.MAX_WAITING);
        endSession();
    }

    @Test
    @Timeout(60)
    void requestsStillWaitingWhenTheSessionEndsAreEachAnsweredShuttingDownAndTheDrainWaitsOnlyForThoseRunning()
            throws Exception {
        takeEveryPermit();
        harness.send(hang(1001));
        harness.send(hang(1002));
        harness.send(hang(1003));
        eventually(() -> harness.provider.requestsWaiting() == 3);

        harness.closeGracefullyInBackground();

        for (int id = 1001; id <= 1003; id++) {
            JsonNode refusal = harness.next();
            assertThat(refusal.path("id").asInt()).isEqualTo(id);
            assertThat(refusal.path("error").path("code").asInt()).isEqualTo(StdioRefusals.SERVER_UNAVAILABLE);
            assertThat(refusal.path("error").path("message").asText())
                    .startsWith("Service unavailable: the server is shutting down");
        }
        assertThat(fake.requests).as("not run").hasSize(InboundDispatcher.MAX_IN_FLIGHT);
        assertThat(harness.provider.terminated())
                .as("the calls running are still waited for")
                .isNotDone();
        answerEveryHangingCall();
        assertThat(harness.provider.terminated()).succeedsWithin(StdioHarness.WAIT);
    }

    @Test
    @Timeout(60)
    void aWaitingRequestTheClientCancelsNeverRunsAndGetsNoAnswerWhileTheOthersRunInInputOrder() throws Exception {
        takeEveryPermit();
        harness.send(hang(1001));
        harness.send(hang(1002));
        harness.send(hang(1003));

        harness.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1002}}");
        eventually(() -> harness.provider.requestsWaiting() == 2);

        // one permit at a time: each starts the first request still waiting
        answer(fake.hanging.get(0), 1);
        assertThat(harness.next().path("id").asInt()).isEqualTo(1);
        eventually(() -> fake.requests.size() == InboundDispatcher.MAX_IN_FLIGHT + 1);
        answer(fake.hanging.get(1), 2);
        assertThat(harness.next().path("id").asInt()).isEqualTo(2);
        eventually(() -> fake.requests.size() == InboundDispatcher.MAX_IN_FLIGHT + 2);

        assertThat(idsServed().subList(InboundDispatcher.MAX_IN_FLIGHT, InboundDispatcher.MAX_IN_FLIGHT + 2))
                .containsExactly(1001, 1003);
        harness.assertNothingMoreWithin(Duration.ofMillis(300)); // nothing for 1002
        assertThat(harness.provider.requestsWaiting()).isZero();
        endSession();
    }

    /** Sends as many {@code hang} calls (ids 1 to 256) as there are permits, and waits until each runs. */
    private void takeEveryPermit() {
        harness.provider.serveEra2026With(fake, Principal.of("operator"));
        for (int id = 1; id <= InboundDispatcher.MAX_IN_FLIGHT; id++) {
            harness.send(hang(id));
        }
        eventually(() -> fake.hanging.size() == InboundDispatcher.MAX_IN_FLIGHT);
    }

    /** Ends the session, and then answers the calls still running, so that it can drain. */
    private void endSession() {
        harness.closeGracefullyInBackground();
        eventually(harness.provider::isEnding);
        answerEveryHangingCall();
        assertThat(harness.provider.terminated()).succeedsWithin(StdioHarness.WAIT);
    }

    private void answerEveryHangingCall() {
        fake.hanging.forEach(call -> answer(call, 0));
    }

    private static void answer(CompletableFuture<Era2026Answer> call, int id) {
        call.complete(Era2026Answer.of(200, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{}}"));
    }

    /** The ids of the requests the fake served, in the order it served them. */
    private List<Integer> idsServed() {
        ObjectMapper json = new ObjectMapper();
        return fake.requests.stream()
                .map(request -> json.valueToTree(request.message()).path("id").asInt())
                .toList();
    }

    private static String hang(int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"hang\"," + META
                + "}}";
    }
}
