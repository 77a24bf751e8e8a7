package dev.bulwark.stdio;

import static dev.bulwark.stdio.Eventually.eventually;
import static dev.bulwark.stdio.StdioHarness.WAIT;
import static dev.bulwark.stdio.StdioHarness.toolsCall;
import static dev.bulwark.stdio.StdioHarness.toolsList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a stdio session ends: at the end of input, on a graceful close, on a failing stdin, with calls in flight or
 * waiting for the client, and with a client that stops reading stdout.
 */
class StdioSessionEndTest extends StdioTransportTestBase {

    @Test
    void endOfInputTerminatesCleanly() {
        StdioHarness stdio = start();
        stdio.initialize();

        stdio.endInput();

        assertThat(stdio.provider.terminated()).succeedsWithin(WAIT);
    }

    @Test
    void endOfInputStillDeliversAnswersToRequestsInFlight() throws Exception {
        StdioHarness stdio = start();
        stdio.initialize();
        stdio.send(toolsCall(10, "slow"));

        stdio.endInput();
        releaseSlowTool.countDown();

        assertThat(stdio.provider.terminated()).succeedsWithin(WAIT);
        List<String> lines = stdio.closeStdoutAndCollectAll();
        assertThat(lines).last().asString().contains("\"id\":10");
    }

    @Test
    void theEndOfInputWaitsForCallsInFlightAtMostTheDrainTimeoutItWasGiven() {
        AtomicBoolean callReturned = new AtomicBoolean();
        stdio = new StdioHarness(MAX_LINE_BYTES, null, Duration.ofMillis(300), tool("slow", () -> {
            try {
                releaseSlowTool.await(WAIT.toMillis() * 2, TimeUnit.MILLISECONDS); // longer than the test waits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            callReturned.set(true);
        }));
        stdio.initialize();
        stdio.send(toolsCall(10, "slow")); // not released: it returns when the test ends

        stdio.endInput();

        assertThat(stdio.provider.terminated()).succeedsWithin(WAIT);
        assertThat(callReturned)
                .as("terminated at the drain timeout, not when the call ended")
                .isFalse();
    }

    @Test
    void aDrainTimeoutThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new StdioTransportProvider(
                        new JacksonMcpJsonMapper(new ObjectMapper()),
                        InputStream.nullInputStream(),
                        OutputStream.nullOutputStream(),
                        1024,
                        Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("drainTimeout");
    }

    @Test
    void closeGracefullyTerminates() {
        StdioHarness stdio = start();
        stdio.initialize();

        stdio.server.closeGracefully();

        assertThat(stdio.provider.terminated()).succeedsWithin(WAIT);
    }

    @Test
    void anErrorWhileReadingStdinIsLoggedAndEndsTheSession() throws Exception {
        ListAppender<ILoggingEvent> events = recordTransportLog();
        InputStream failing = new InputStream() {
            @Override
            public int read() {
                throw new OutOfMemoryError("stdin test");
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                throw new OutOfMemoryError("stdin test");
            }
        };
        StdioTransportProvider provider = new StdioTransportProvider(
                new JacksonMcpJsonMapper(new ObjectMapper()), failing, OutputStream.nullOutputStream(), 1024);
        McpServer.sync(provider).serverInfo("t", "1").build();

        provider.terminated().get(StdioHarness.WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(events.list).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getFormattedMessage()).contains("stdin reader failed");
            assertThat(event.getThrowableProxy().getClassName()).isEqualTo(OutOfMemoryError.class.getName());
        });
    }

    @Test
    @Timeout(60)
    void aClientThatStopsReadingStdoutFindsStdinFullInsteadOfTheServerBufferingItsAnswersWithoutBound()
            throws Exception {
        StdioHarness stdio = start();
        stdio.initialize();
        stdio.holdStdout();
        int pings = 20_000; // their answers are far more than the pipes and the outbound limit hold
        Thread client = new Thread(
                () -> {
                    for (int i = 0; i < pings; i++) {
                        stdio.send(ping(100 + i));
                    }
                },
                "test-client-writer");
        client.setDaemon(true);
        client.start();

        // Unbounded, the server reads every ping and queues every answer; bounded, its reader stops reading.
        eventually(
                "the client has written every ping or the server has stopped reading",
                () -> !client.isAlive() || stdio.provider.readerWaitingForOutput());
        stdio.releaseStdout();

        for (int i = 0; i < pings; i++) {
            JsonNode answer = stdio.next();
            assertThat(answer.path("id").asInt()).isEqualTo(100 + i);
            assertThat(answer.has("result")).isTrue();
        }
        client.join(WAIT.toMillis());
        assertThat(stdio.provider.queuedOutputHighWater())
                .isLessThanOrEqualTo(StdioTransportProvider.MAX_QUEUED_OUTPUT + StdioTransportProvider.MAX_IN_FLIGHT);
        stdio.send(toolsList(5));
        assertToolsListAnswer(stdio.next(), 5);
    }

    @Test
    @Timeout(60)
    void endOfInputFailsAtOnceACallWaitingForTheClientsAnswer() {
        StdioHarness stdio = start();
        initializeWithSampling(stdio);
        stdio.send(toolsCall(7, "ask"));
        JsonNode question = stdio.next();
        assertThat(question.path("method").asText()).isEqualTo("sampling/createMessage");

        stdio.endInput();

        JsonNode answer = stdio.next(); // the server asks with a timeout of minutes
        assertThat(answer.path("id").asInt()).isEqualTo(7);
        assertThat(answer.path("result").path("isError").asBoolean()).isTrue();
        assertThat(answer.path("result").path("content").get(0).path("text").asText())
                .contains("closed its input");
        assertThat(stdio.provider.terminated()).succeedsWithin(WAIT);
    }

    @Test
    @Timeout(60)
    void aCallThatAsksTheClientAfterItsInputEndedFailsAtOnce() throws Exception {
        CountDownLatch inputEnded = new CountDownLatch(1);
        SyncToolSpecification asksLate = SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder("asks-late", Map.of("type", "object"))
                        .build())
                .callHandler((exchange, request) -> {
                    try {
                        inputEnded.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return askingTool().callHandler().apply(exchange, request);
                })
                .build();
        stdio = new StdioHarness(MAX_LINE_BYTES, asksLate);
        initializeWithSampling(stdio);
        stdio.send(toolsCall(7, "asks-late"));

        stdio.endInput();
        eventually("the reader has seen the end of input", () -> stdio.provider.isEnding());
        inputEnded.countDown();

        JsonNode answer = stdio.next();
        assertThat(answer.path("id").asInt()).isEqualTo(7);
        assertThat(answer.path("result").path("content").get(0).path("text").asText())
                .contains("closed its input");
        assertThat(stdio.provider.terminated()).succeedsWithin(WAIT);
    }

    @Test
    @Timeout(60)
    void whileTheSessionEndsTheClientsAnswerStillReachesTheCallWaitingForItAndNewRequestsAreRefused() throws Exception {
        StdioHarness stdio = start();
        initializeWithSampling(stdio);
        stdio.send(toolsCall(7, "ask"));
        JsonNode question = stdio.next();
        assertThat(question.path("method").asText()).isEqualTo("sampling/createMessage");

        stdio.provider.closeGracefully().subscribe(); // as SIGTERM does; stdin stays open
        eventually("the session is ending", stdio.provider::isEnding);
        stdio.send(ping(8));
        JsonNode refused = stdio.next();
        stdio.send("{\"jsonrpc\":\"2.0\",\"id\":" + new ObjectMapper().writeValueAsString(question.path("id"))
                + ",\"result\":{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"hello\"},"
                + "\"model\":\"m\"}}");
        JsonNode answer = stdio.next();

        assertError(
                refused, StdioTransportProvider.SERVER_UNAVAILABLE, "Service unavailable: the server is shutting down");
        assertThat(refused.path("id").asInt()).isEqualTo(8);
        assertThat(answer.path("id").asInt()).isEqualTo(7);
        assertThat(answer.path("result").path("content").get(0).path("text").asText())
                .isEqualTo("answered");
        assertThat(stdio.provider.terminated()).succeedsWithin(WAIT);
    }

    @Test
    @Timeout(60)
    void theSessionEndsEvenWhenTheClientNeverReadsStdoutAgain() throws Exception {
        StdioHarness stdio = start();
        stdio.provider.stalledOutputTimeout(Duration.ofMillis(500));
        stdio.initialize();
        stdio.holdStdout();
        Thread client = new Thread(
                () -> {
                    try {
                        for (int i = 0;
                                i < 20_000;
                                i++) { // far more answers than the pipe and the writer's buffer take
                            stdio.send(ping(100 + i));
                        }
                    } catch (UncheckedIOException endOfTest) {
                        // stdin was closed under the blocked write: the test is over
                    }
                },
                "test-client-writer");
        client.setDaemon(true);
        client.start();
        eventually("the server's output is stuck", () -> !client.isAlive() || stdio.provider.readerWaitingForOutput());

        stdio.provider.closeGracefully().subscribe();

        assertThat(stdio.provider.terminated()).succeedsWithin(Duration.ofSeconds(30));
    }
}
