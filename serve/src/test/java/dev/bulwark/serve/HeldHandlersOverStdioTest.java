package dev.bulwark.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.LimitSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Over stdio an isolated tool's handler runs on the transport's own request thread, in either protocol era (a session
 * of MCP 2025-11-25, or a request of the stateless MCP 2026-07-28), and a handler that ignores the
 * interrupt its deadline brings cannot starve the server: its call is answered at the deadline, and while more such
 * handlers hold threads than the transport has, other calls are still served. The real transport and pipeline over
 * pipes; conditions are awaited with generous deadlines, nothing is timed.
 */
class HeldHandlersOverStdioTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ERA_2025 = "2025-11-25";
    private static final String ERA_2026 = "2026-07-28";
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    /** More stubborn calls than the transport has request threads (ten per processor). */
    private static final int STUBBORN_CALLS = 10 * Runtime.getRuntime().availableProcessors() + 2;

    /** A tool's input; unused. */
    public record Input(String note) {}

    private final CountDownLatch release = new CountDownLatch(1);
    private final Set<String> handlerThreads = ConcurrentHashMap.newKeySet();
    private Bulwark bulwark;

    @BeforeEach
    void start() {
        Tool<Input, Map> stubborn = Tool.builder("stubborn", Input.class, Map.class)
                .description("Waits until released, ignoring the interrupt its deadline brings")
                .readOnly(true)
                // every handler must have started by its deadline, on a cold JVM and a busy machine
                .timeout(Duration.ofSeconds(3))
                .maxConcurrency(STUBBORN_CALLS)
                .handler((input, context) -> {
                    handlerThreads.add(Thread.currentThread().getName());
                    while (true) {
                        try {
                            if (release.await(60, TimeUnit.SECONDS)) {
                                return ToolResult.text("released");
                            }
                        } catch (InterruptedException ignored) {
                            // ignores it, as a careless handler would
                        }
                    }
                })
                .build();
        Tool<Input, Map> quick = Tool.builder("quick", Input.class, Map.class)
                .description("Answers at once, on the thread it ran on")
                .readOnly(true)
                .handler((input, context) ->
                        ToolResult.text(Thread.currentThread().getName()))
                .build();
        BulwarkConfig config = BulwarkConfig.defaults().toBuilder()
                .limits(LimitSettings.defaults().toBuilder()
                        .maxConcurrentCalls(STUBBORN_CALLS + 8)
                        .build())
                .build();
        bulwark = Bulwark.builder(config).tool(stubborn).tool(quick).build();
    }

    @AfterEach
    void stop() {
        release.countDown();
        bulwark.close();
    }

    @ParameterizedTest(name = "MCP {0}")
    @ValueSource(strings = {ERA_2025, ERA_2026})
    void anIsolatedHandlerRunsOnTheTransportsRequestThread(String era) throws Exception {
        try (Session session = new Session(bulwark)) {
            session.send(call(2, "quick", era));

            JsonNode answer = session.answerTo(2);

            assertThat(answer.at("/result/content/0/text").asText())
                    .as("%s", answer)
                    .startsWith("bulwark-stdio-request-");
        }
    }

    @ParameterizedTest(name = "MCP {0}")
    @ValueSource(strings = {ERA_2025, ERA_2026})
    void handlersHeldPastTheirDeadlineOnEveryRequestThreadDoNotStopOtherCallsFromBeingServed(String era)
            throws Exception {
        try (Session session = new Session(bulwark)) {
            for (int id = 100; id < 100 + STUBBORN_CALLS; id++) {
                session.send(call(id, "stubborn", era));
            }
            for (int id = 100; id < 100 + STUBBORN_CALLS; id++) {
                JsonNode answer = session.answerTo(id);
                assertThat(answer.at("/result/_meta")
                                .path("dev.bulwark/error-type")
                                .asText())
                        .as("answered at its deadline: %s", answer)
                        .isEqualTo("timeout");
            }
            assertThat(handlerThreads)
                    .as("every handler holds a request thread of its own")
                    .hasSize(STUBBORN_CALLS)
                    .allMatch(name -> name.startsWith("bulwark-stdio-request-"));

            session.send(call(2, "quick", era));

            JsonNode next = session.answerTo(2);
            assertThat(next.at("/result/isError").asBoolean())
                    .as("served while the handlers still run: %s", next)
                    .isFalse();
            assertThat(release.getCount()).as("no handler was released").isEqualTo(1);
        } finally {
            release.countDown(); // before the session ends, which waits for its requests
        }
    }

    /** A call in the session of the 2025 era, or a request of the stateless 2026 era, which names it in _meta. */
    private static String call(int id, String tool, String era) {
        String meta = ERA_2026.equals(era)
                ? ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + era
                        + "\",\"io.modelcontextprotocol/clientCapabilities\":{}}"
                : "";
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"note\":\"n\"}" + meta + "}}";
    }

    /** One initialized stdio session of the server over pipes; answers are read by id, in any order. */
    private static final class Session implements AutoCloseable {

        private final OutputStream toServer;
        private final BufferedReader fromServer;
        private final BulwarkStdio stdio;
        private final Map<Integer, JsonNode> early = new ConcurrentHashMap<>();

        Session(Bulwark bulwark) throws Exception {
            Pipe in = Pipe.open();
            Pipe out = Pipe.open();
            toServer = Channels.newOutputStream(in.sink());
            InputStream serverIn = Channels.newInputStream(in.source());
            fromServer = new BufferedReader(
                    new InputStreamReader(Channels.newInputStream(out.source()), StandardCharsets.UTF_8));
            stdio = BulwarkStdio.start(bulwark, serverIn, Channels.newOutputStream(out.sink()));
            send(INITIALIZE);
            answerTo(1);
            send(INITIALIZED);
        }

        void send(String line) throws IOException {
            toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            toServer.flush();
        }

        /** The answer to {@code id}, keeping those read before it for later; a missing answer fails at the deadline. */
        JsonNode answerTo(int id) throws Exception {
            return CompletableFuture.supplyAsync(() -> {
                        try {
                            while (!early.containsKey(id)) {
                                String line = fromServer.readLine();
                                if (line == null) {
                                    throw new IllegalStateException(
                                            "the server closed its output before answering " + id);
                                }
                                JsonNode message = JSON.readTree(line);
                                if (message.has("id") && !message.has("method")) {
                                    early.put(message.path("id").asInt(), message);
                                }
                            }
                            return early.remove(id);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            toServer.close();
            stdio.stop();
            stdio.close();
        }
    }
}
