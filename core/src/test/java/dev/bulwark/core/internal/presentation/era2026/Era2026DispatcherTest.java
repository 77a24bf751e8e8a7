package dev.bulwark.core.internal.presentation.era2026;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Resource;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The 2026-07-28 entry point, driven as a transport drives it; answers compared as JSON trees. */
class Era2026DispatcherTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    record EchoInput(
            @ToolParam(description = "What to echo") String text) {}

    record Echoed(String text) {}

    private final Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
            .tool(Tool.builder("echo", EchoInput.class, Echoed.class)
                    .description("Echoes a text")
                    .handler((input, context) -> ToolResult.of(new Echoed(input.text())))
                    .build())
            .tool(Tool.builder("ask", EchoInput.class, Echoed.class)
                    .description("Asks the user")
                    .handler((input, context) -> {
                        context.sample(input.text(), 10);
                        return ToolResult.of(new Echoed("never"));
                    })
                    .build())
            .tool(Tool.builder("count", EchoInput.class, Echoed.class)
                    .description("Counts to two, reporting progress")
                    .handler((input, context) -> {
                        context.reportProgress(1, 2.0, "one");
                        context.reportProgress(2, 2.0, "two");
                        return ToolResult.of(new Echoed("counted"));
                    })
                    .build())
            .resource(new Resource("docs://guide", "guide", "A guide", "text/plain", context -> "Read me."))
            .build();

    @AfterEach
    void close() {
        bulwark.close();
    }

    @Test
    void discoverListsTheVersionAndTheCapabilitiesOfWhatIsRegistered() throws Exception {
        Answer answer = http(request(7, "server/discover", "{\"_meta\":" + META + "}"), headers("server/discover"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json())
                .isEqualTo(
                        JSON.readTree(
                                "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{"
                                        + "\"supportedVersions\":[\"2026-07-28\"],\"capabilities\":{\"tools\":{\"listChanged\":true},\"resources\":{}},"
                                        + "\"resultType\":\"complete\",\"ttlMs\":300000,\"cacheScope\":\"public\","
                                        + "\"_meta\":{\"io.modelcontextprotocol/serverInfo\":{\"name\":\"bulwark\",\"version\":\"0.1.0\"}}}}"));
    }

    @Test
    void aBodyRepeatingAKeyOrHoldingMoreThanOneJsonValueIsAParseError() throws Exception {
        byte[] repeated = ("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                        + "\"name\":\"ask\",\"arguments\":{\"text\":\"hi\"},\"_meta\":" + META + "}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] twoValues = (new String(
                                request(
                                        4,
                                        "tools/call",
                                        "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}," + "\"_meta\":" + META
                                                + "}"),
                                StandardCharsets.UTF_8)
                        + "{}")
                .getBytes(StandardCharsets.UTF_8);

        for (byte[] body : List.of(repeated, twoValues)) {
            Answer answer = http(body, headers("tools/call", "echo"));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().path("error").path("code").asInt()).isEqualTo(-32700);
        }
    }

    @Test
    void anMcpNameHeaderEncodedAsBase64IsDecodedBeforeItIsCompared() throws Exception {
        byte[] body =
                request(8, "tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"},\"_meta\":" + META + "}");
        String encoded = "=?base64?"
                + java.util.Base64.getEncoder().encodeToString("echo".getBytes(StandardCharsets.UTF_8)) + "?=";

        assertThat(http(body, headers("tools/call", encoded)).status()).isEqualTo(200);
        assertThat(http(body, headers("tools/call", "=?base64?%%%?="))
                        .json()
                        .path("error")
                        .path("code")
                        .asInt())
                .isEqualTo(-32020);
        assertThat(http(body, headers("tools/call", "ec\u0001ho"))
                        .json()
                        .path("error")
                        .path("code")
                        .asInt())
                .isEqualTo(-32020);
    }

    @Test
    void aHeaderValueIsPlainAsciiOrBase64OfUtf8() {
        assertThat(RequestCheck.headerValue("=?base64?SGVsbG8sIOS4lueVjA==?=")).isEqualTo("Hello, 世界");
        assertThat(RequestCheck.headerValue("list_rates")).isEqualTo("list_rates");
        assertThat(RequestCheck.headerValue("=?base64?"
                        + java.util.Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe}) + "?="))
                .as("not UTF-8")
                .isNull();
    }

    @Test
    void aResourceThatNeedsACapabilityTheClientDidNotDeclareIsRefusedWithMinus32021() throws Exception {
        try (Bulwark server = Bulwark.builder(BulwarkConfig.defaults())
                .resource(new Resource("docs://asking", "asking", "Asks first", "text/plain", context -> {
                    context.elicit("Which part?", Map.of());
                    return "never";
                }))
                .build()) {
            Era2026Answer answer = server.era2026()
                    .serve(
                            ParsedEra2026Requests.overHttp(
                                    request(21, "resources/read", "{\"uri\":\"docs://asking\",\"_meta\":" + META + "}"),
                                    headers("resources/read", "docs://asking"),
                                    caller()),
                            notification -> {})
                    .get(30, TimeUnit.SECONDS);

            assertThat(answer.httpStatus()).isEqualTo(400);
            JsonNode error = JSON.readTree(answer.json()).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(-32021);
            assertThat(error.path("data").path("requiredCapabilities").has("elicitation"))
                    .isTrue();
        }
    }

    @Test
    void aToolThatFailsItsOwnWayAfterTheClientCouldNotSampleIsRefusedWithMinus32021() throws Exception {
        try (Bulwark server = Bulwark.builder(BulwarkConfig.defaults())
                .tool(Tool.builder("summarise", EchoInput.class, Echoed.class)
                        .description("Summarises through the client's model")
                        .handler((input, context) -> {
                            try {
                                context.sample(input.text(), 10);
                            } catch (dev.bulwark.core.ClientFeatureUnavailableException refused) {
                                throw new dev.bulwark.core.ToolException("Cannot summarise without a model");
                            }
                            return ToolResult.of(new Echoed("never"));
                        })
                        .build())
                .tool(Tool.builder("summarise-or-not", EchoInput.class, Echoed.class)
                        .description("Summarises through the client's model, or echoes")
                        .handler((input, context) -> {
                            try {
                                return ToolResult.of(new Echoed(
                                        context.sample(input.text(), 10).text()));
                            } catch (dev.bulwark.core.ClientFeatureUnavailableException refused) {
                                return ToolResult.of(new Echoed(input.text()));
                            }
                        })
                        .build())
                .build()) {
            Era2026Answer failed = server.era2026()
                    .serve(
                            ParsedEra2026Requests.overHttp(
                                    request(
                                            22,
                                            "tools/call",
                                            "{\"name\":\"summarise\",\"arguments\":{\"text\":\"hi\"},\"_meta\":" + META
                                                    + "}"),
                                    headers("tools/call", "summarise"),
                                    caller()),
                            notification -> {})
                    .get(30, TimeUnit.SECONDS);
            Era2026Answer fellBack = server.era2026()
                    .serve(
                            ParsedEra2026Requests.overHttp(
                                    request(
                                            23,
                                            "tools/call",
                                            "{\"name\":\"summarise-or-not\",\"arguments\":{\"text\":\"hi\"},\"_meta\":"
                                                    + META + "}"),
                                    headers("tools/call", "summarise-or-not"),
                                    caller()),
                            notification -> {})
                    .get(30, TimeUnit.SECONDS);

            JsonNode error = JSON.readTree(failed.json()).path("error");
            assertThat(error.path("code").asInt()).as("%s", failed.json()).isEqualTo(-32021);
            assertThat(error.path("data").path("requiredCapabilities").has("sampling"))
                    .isTrue();
            assertThat(fellBack.httpStatus()).isEqualTo(200);
            assertThat(JSON.readTree(fellBack.json())
                            .at("/result/structuredContent/text")
                            .asText())
                    .isEqualTo("hi");
        }
    }

    @Test
    void aToolCallRunsThroughTheSdkAndGetsItsResultType() throws Exception {
        Answer answer = http(
                request(8, "tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"},\"_meta\":" + META + "}"),
                headers("tools/call", "echo"));
        assertThat(answer.status()).isEqualTo(200);
        JsonNode result = answer.json().get("result");
        assertThat(result.get("structuredContent")).isEqualTo(JSON.readTree("{\"text\":\"hi\"}"));
        assertThat(result.get("resultType").asText()).isEqualTo("complete");
        assertThat(result.has("ttlMs")).isFalse();
    }

    @Test
    void aCallOverHttpIsServedOnTheCallingThreadAndCancellingItsAnswerMeanwhileCancelsIt() throws Exception {
        BlockingTool tool = new BlockingTool();
        try (Bulwark blocking = tool.bulwark()) {
            CompletableFuture<Era2026Answer> answer = new CompletableFuture<>();
            Thread requestThread = new Thread(
                    () -> blocking.era2026()
                            .serve(
                                    ParsedEra2026Requests.overHttp(
                                            tool.call(12), headers("tools/call", "block"), caller()),
                                    notification -> {},
                                    answer),
                    "http-request");
            requestThread.start();
            assertThat(tool.blocked.await(30, TimeUnit.SECONDS))
                    .as("the tool started")
                    .isTrue();
            assertThat(tool.ranOn).as("no hand-off to another thread").isSameAs(requestThread);

            answer.cancel(false); // what the HTTP transport does when its client leaves, from another thread

            tool.assertInterruptedAndCountedAsCancelled(blocking);
            requestThread.join(10_000);
            assertThat(requestThread.isAlive())
                    .as("serve returned once the handler did")
                    .isFalse();
        }
    }

    @Test
    void aCallTheCallingThreadMayNotServeRunsOnAnotherAndCancellingItsAnswerCancelsIt() throws Exception {
        BlockingTool tool = new BlockingTool();
        try (Bulwark blocking = tool.bulwark()) {
            CompletableFuture<Era2026Answer> answer = blocking.era2026()
                    .serve(ParsedEra2026Requests.overStdio(tool.call(12), caller()), notification -> {});
            assertThat(tool.blocked.await(30, TimeUnit.SECONDS))
                    .as("the tool started")
                    .isTrue();
            assertThat(tool.ranOn)
                    .as("a thread that must not serve a request, such as a stdio reader, never does")
                    .isNotSameAs(Thread.currentThread());

            answer.cancel(false); // what a transport does when its client cancels

            tool.assertInterruptedAndCountedAsCancelled(blocking);
        }
    }

    @Test
    void cancellingOneRequestCancelsItsOwnCallNotAnotherOfTheSameCallerWithTheSameId() throws Exception {
        // Two clients of one subject (authentication off, a shared key) each number their requests from 1.
        java.util.Map<String, Thread> started = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Set<String> interrupted = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (Bulwark server = Bulwark.builder(BulwarkConfig.defaults())
                .tool(Tool.builder("block", EchoInput.class, Echoed.class)
                        .description("Waits until it is cancelled")
                        .handler((input, context) -> {
                            started.put(input.text(), Thread.currentThread());
                            // parks, which keeps the interrupt flag set: the test reads it as the interrupt itself
                            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                            while (!Thread.currentThread().isInterrupted() && System.nanoTime() < giveUp) {
                                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                            }
                            if (Thread.currentThread().isInterrupted()) {
                                interrupted.add(input.text());
                            }
                            return ToolResult.of(new Echoed("woke"));
                        })
                        .build())
                .build()) {
            CompletableFuture<Era2026Answer> first = new CompletableFuture<>();
            CompletableFuture<Era2026Answer> second = new CompletableFuture<>();
            new Thread(
                            () -> server.era2026()
                                    .serve(
                                            ParsedEra2026Requests.overHttp(
                                                    blockCall(1, "first"), headers("tools/call", "block"), caller()),
                                            notification -> {},
                                            first),
                            "http-first")
                    .start();
            new Thread(
                            () -> server.era2026()
                                    .serve(
                                            ParsedEra2026Requests.overHttp(
                                                    blockCall(1, "second"), headers("tools/call", "block"), caller()),
                                            notification -> {},
                                            second),
                            "http-second")
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (started.size() < 2) {
                assertThat(System.nanoTime()).as("both calls started").isLessThan(deadline);
                Thread.sleep(10);
            }

            second.cancel(false);

            while (!interrupted.contains("second")) {
                assertThat(System.nanoTime())
                        .as("the cancelled request's own call was interrupted")
                        .isLessThan(deadline);
                Thread.sleep(10);
            }
            // the interrupt is a flag the handler's thread keeps: one meant for the other call would show on its thread
            assertThat(started.get("first").isInterrupted())
                    .as("the other client's call goes on")
                    .isFalse();
            assertThat(interrupted).containsExactly("second");
            assertThat(first).isNotDone();
            first.cancel(false);
        }
    }

    @Test
    void aCancellationNotificationOfTheSameCallerCancelsItsRequestWhichGetsNoAnswer() throws Exception {
        BlockingTool tool = new BlockingTool();
        try (Bulwark blocking = tool.bulwark()) {
            CompletableFuture<Era2026Answer> answer = new CompletableFuture<>();
            Thread requestThread = new Thread(
                    () -> blocking.era2026()
                            .serve(
                                    ParsedEra2026Requests.overHttp(
                                            tool.call(12), headers("tools/call", "block"), caller()),
                                    notification -> {},
                                    answer),
                    "http-request");
            requestThread.start();
            assertThat(tool.blocked.await(30, TimeUnit.SECONDS))
                    .as("the tool started")
                    .isTrue();

            Era2026Answer accepted = blocking.era2026()
                    .serve(
                            ParsedEra2026Requests.overHttp(
                                    cancellation(12), headers("notifications/cancelled"), caller()),
                            notification -> {})
                    .get(30, TimeUnit.SECONDS);

            assertThat(accepted.httpStatus()).isEqualTo(202);
            tool.assertInterruptedAndCountedAsCancelled(blocking);
            Era2026Answer cancelled = answer.get(30, TimeUnit.SECONDS);
            assertThat(cancelled.httpStatus()).as("no answer").isEqualTo(204);
            assertThat(cancelled.json()).isEmpty();
            requestThread.join(30_000);
        }
    }

    @Test
    void aCancellationNotificationOfAnotherCallerLeavesTheRequestRunning() throws Exception {
        BlockingTool tool = new BlockingTool();
        try (Bulwark blocking = tool.bulwark()) {
            CompletableFuture<Era2026Answer> answer = new CompletableFuture<>();
            Thread requestThread = new Thread(
                    () -> blocking.era2026()
                            .serve(
                                    ParsedEra2026Requests.overHttp(
                                            tool.call(12), headers("tools/call", "block"), caller()),
                                    notification -> {},
                                    answer),
                    "http-request");
            requestThread.start();
            assertThat(tool.blocked.await(30, TimeUnit.SECONDS))
                    .as("the tool started")
                    .isTrue();

            blocking.era2026()
                    .serve(
                            ParsedEra2026Requests.overHttp(
                                    cancellation(12),
                                    headers("notifications/cancelled"),
                                    RequestOrigin.of(Principal.of("mallory", "*"))),
                            notification -> {})
                    .get(30, TimeUnit.SECONDS);
            blocking.era2026()
                    .serve(
                            ParsedEra2026Requests.overHttp(
                                    cancellation(13), headers("notifications/cancelled"), caller()),
                            notification -> {})
                    .get(30, TimeUnit.SECONDS);

            assertThat(tool.interrupted.getCount()).as("not interrupted").isEqualTo(1);
            assertThat(answer).isNotDone();
            answer.cancel(false);
            tool.assertInterruptedAndCountedAsCancelled(blocking);
            requestThread.join(30_000);
        }
    }

    private static byte[] cancellation(int requestId) {
        return ("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":" + requestId
                        + ",\"reason\":\"the user aborted\",\"_meta\":" + META + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] blockCall(int id, String text) {
        return request(
                id,
                "tools/call",
                "{\"name\":\"block\",\"arguments\":{\"text\":\"" + text + "\"},\"_meta\":" + META + "}");
    }

    @Test
    void aHandlerThatReportsProgressAfterItsRequestWasCancelledSendsNothing() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        List<String> notifications = new CopyOnWriteArrayList<>();
        try (Bulwark server = Bulwark.builder(BulwarkConfig.defaults())
                .tool(Tool.builder("stubborn", EchoInput.class, Echoed.class)
                        .description("Reports progress even after it is cancelled")
                        .handler((input, context) -> {
                            started.countDown();
                            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                            while (!context.isCancelled() && System.nanoTime() < deadline) {
                                Thread.onSpinWait();
                            }
                            context.reportProgress(1, 1.0, "still here");
                            finished.countDown();
                            return ToolResult.of(new Echoed("late"));
                        })
                        .build())
                .build()) {
            CompletableFuture<Era2026Answer> answer = server.era2026()
                    .serve(
                            ParsedEra2026Requests.overStdio(
                                    request(
                                            13,
                                            "tools/call",
                                            "{\"name\":\"stubborn\",\"arguments\":{\"text\":\"x\"},"
                                                    + "\"_meta\":{\"progressToken\":\"p\",\"io.modelcontextprotocol/protocolVersion\":"
                                                    + "\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}"),
                                    caller()),
                            notifications::add);
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

            answer.cancel(false);

            assertThat(finished.await(30, TimeUnit.SECONDS))
                    .as("the handler ran on and reported")
                    .isTrue();
            assertThat(notifications).isEmpty();
        }
    }

    /** A tool that waits until it is interrupted, and the server that offers it. */
    private static final class BlockingTool {
        final CountDownLatch blocked = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);
        volatile Thread ranOn;

        Bulwark bulwark() {
            return Bulwark.builder(BulwarkConfig.defaults())
                    .tool(Tool.builder("block", EchoInput.class, Echoed.class)
                            .description("Waits until it is cancelled")
                            .handler((input, context) -> {
                                ranOn = Thread.currentThread();
                                blocked.countDown();
                                try {
                                    Thread.sleep(60_000);
                                } catch (InterruptedException e) {
                                    interrupted.countDown();
                                    Thread.currentThread().interrupt();
                                }
                                return ToolResult.of(new Echoed("woke"));
                            })
                            .build())
                    .build();
        }

        byte[] call(int id) {
            return request(
                    id, "tools/call", "{\"name\":\"block\",\"arguments\":{\"text\":\"x\"},\"_meta\":" + META + "}");
        }

        void assertInterruptedAndCountedAsCancelled(Bulwark server) throws InterruptedException {
            assertThat(interrupted.await(30, TimeUnit.SECONDS))
                    .as("the tool was interrupted")
                    .isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (server.meterRegistry()
                            .find("mcp.tool.calls")
                            .tags("tool", "block", "outcome", "cancelled")
                            .counter()
                    == null) {
                assertThat(System.nanoTime())
                        .as("the call was counted as cancelled, as a cancelled call is")
                        .isLessThan(deadline);
                Thread.sleep(10);
            }
        }
    }

    @Test
    void aCallsProgressGoesOutOnItsOwnAnswerBeforeTheResult() throws Exception {
        List<String> notifications = new CopyOnWriteArrayList<>();
        Era2026Answer answer = bulwark.era2026()
                .serve(
                        ParsedEra2026Requests.overHttp(
                                request(
                                        9,
                                        "tools/call",
                                        "{\"name\":\"count\",\"arguments\":{\"text\":\"x\"},\"_meta\":"
                                                + META.substring(0, META.length() - 1)
                                                + ",\"progressToken\":\"p-1\"}}"),
                                headers("tools/call", "count"),
                                caller()),
                        notifications::add)
                .get(30, TimeUnit.SECONDS);

        assertThat(JSON.readTree(answer.json()).at("/result/resultType").asText())
                .isEqualTo("complete");
        assertThat(notifications).hasSize(2);
        assertThat(JSON.readTree(notifications.get(0)))
                .isEqualTo(JSON.readTree("{\"jsonrpc\":\"2.0\","
                        + "\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"p-1\",\"progress\":1.0,"
                        + "\"total\":2.0,\"message\":\"one\"}}"));
        assertThat(JSON.readTree(notifications.get(1)).at("/params/message").asText())
                .isEqualTo("two");
    }

    @Test
    void aCallOfTheNewEraIsCountedAndAuditedWithItsEra() throws Exception {
        ch.qos.logback.classic.Logger audit =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.bulwark.audit");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        ch.qos.logback.classic.Level level = audit.getLevel();
        audit.setLevel(ch.qos.logback.classic.Level.INFO);
        lines.start();
        audit.addAppender(lines);
        try {
            http(
                    request(
                            8,
                            "tools/call",
                            "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"},\"_meta\":" + META + "}"),
                    headers("tools/call", "echo"));
        } finally {
            audit.detachAppender(lines);
            audit.setLevel(level);
        }
        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.get(0).getKeyValuePairs()).anySatisfy(pair -> {
            assertThat(pair.key).isEqualTo("protocol_era");
            assertThat(pair.value).isEqualTo("2026-07-28");
        });
        assertThat(bulwark.meterRegistry()
                        .get("mcp.tool.calls")
                        .tags("tool", "echo", "protocol_era", "2026-07-28")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void listsAndReadsCarryCacheHintsAndAReadIsPrivate() throws Exception {
        JsonNode tools = http(request(1, "tools/list", "{\"_meta\":" + META + "}"), headers("tools/list"))
                .json()
                .get("result");
        assertThat(tools.get("tools")).hasSize(3);
        assertThat(tools.get("ttlMs").asLong()).isEqualTo(300_000);
        // filtered by the caller's scopes (toolList.filterByScope is on by default): never shared
        assertThat(tools.get("cacheScope").asText()).isEqualTo("private");
        JsonNode read = http(
                        request(2, "resources/read", "{\"uri\":\"docs://guide\",\"_meta\":" + META + "}"),
                        headers("resources/read", "docs://guide"))
                .json()
                .get("result");
        assertThat(read.get("contents").get(0).get("text").asText()).isEqualTo("Read me.");
        assertThat(read.get("ttlMs").asLong()).isZero();
        assertThat(read.get("cacheScope").asText()).isEqualTo("private");
        JsonNode resources = http(request(3, "resources/list", "{\"_meta\":" + META + "}"), headers("resources/list"))
                .json()
                .get("result");
        assertThat(resources.get("cacheScope").asText()).isEqualTo("public");
    }

    @Test
    void aRequestWithoutMetaIsInvalidParamsWithItsId() throws Exception {
        Answer answer = http(request(101, "server/discover", "{}"), headers("server/discover"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("id").asInt()).isEqualTo(101);
        assertThat(answer.json().get("error").get("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void aMissingClientCapabilitiesFieldIsInvalidParams() throws Exception {
        Answer answer = http(
                request(
                        104,
                        "server/discover",
                        "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}"),
                headers("server/discover"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(answer.json().get("error").get("message").asText()).contains("clientCapabilities");
    }

    @Test
    void anUnknownVersionIsRefusedWithTheSupportedOnes() throws Exception {
        Map<String, String> headers = headers("server/discover");
        headers.put("mcp-protocol-version", "v999.0.0");
        Answer answer = http(
                request(301, "server/discover", "{\"_meta\":" + META.replace("2026-07-28", "v999.0.0") + "}"), headers);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json())
                .isEqualTo(JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":301,\"error\":{"
                        + "\"code\":-32022,\"message\":\"Unsupported protocol version: this server speaks 2026-07-28\","
                        + "\"data\":{\"supported\":[\"2026-07-28\"],\"requested\":\"v999.0.0\"}}}"));
    }

    @Test
    void aHeaderThatDisagreesWithTheBodyIsAHeaderMismatch() throws Exception {
        Answer version = http(
                request(302, "server/discover", "{\"_meta\":" + META.replace("2026-07-28", "v999.0.0") + "}"),
                headers("server/discover"));
        assertThat(version.status()).isEqualTo(400);
        assertThat(version.json().get("error").get("code").asInt()).isEqualTo(-32020);
        assertThat(version.json().get("id").asInt()).isEqualTo(302);

        Answer name = http(
                request(303, "tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"x\"},\"_meta\":" + META + "}"),
                headers("tools/call", "other"));
        assertThat(name.json().get("error").get("code").asInt()).isEqualTo(-32020);

        Answer method = http(request(304, "tools/list", "{\"_meta\":" + META + "}"), headers("prompts/list"));
        assertThat(method.json().get("error").get("code").asInt()).isEqualTo(-32020);

        Answer noMethod = http(
                request(306, "tools/list", "{\"_meta\":" + META + "}"),
                new HashMap<>(Map.of("mcp-protocol-version", "2026-07-28")));
        assertThat(noMethod.json().get("error").get("code").asInt()).isEqualTo(-32020);

        Answer noName = http(
                request(
                        307,
                        "tools/call",
                        "{\"name\":\"echo\",\"arguments\":{\"text\":\"x\"}," + "\"_meta\":" + META + "}"),
                headers("tools/call"));
        assertThat(noName.json().get("error").get("code").asInt()).isEqualTo(-32020);

        Answer spaced = http(
                request(
                        308,
                        "tools/call",
                        "{\"name\":\"echo\",\"arguments\":{\"text\":\"x\"}," + "\"_meta\":" + META + "}"),
                headers("tools/call", "  echo "));
        assertThat(spaced.status()).isEqualTo(200);

        Map<String, String> noVersion = headers("tools/list");
        noVersion.remove("mcp-protocol-version");
        Answer missing = http(request(305, "tools/list", "{\"_meta\":" + META + "}"), noVersion);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error").get("code").asInt()).isEqualTo(-32020);
    }

    @Test
    void removedAndUnknownMethodsAreNotFound() throws Exception {
        for (String method : List.of(
                "initialize",
                "ping",
                "logging/setLevel",
                "resources/subscribe",
                "resources/unsubscribe",
                "unknown/method",
                "prompts/list")) {
            Answer answer = http(request(500, method, "{\"_meta\":" + META + "}"), headers(method));
            assertThat(answer.status()).as(method).isEqualTo(404);
            assertThat(answer.json().get("error").get("code").asInt())
                    .as(method)
                    .isEqualTo(-32601);
            assertThat(answer.json().get("id").asInt()).as(method).isEqualTo(500);
        }
    }

    @Test
    void anUnknownResourceIsInvalidParamsNamingItsUri() throws Exception {
        Answer answer = http(
                request(9, "resources/read", "{\"uri\":\"docs://none\",\"_meta\":" + META + "}"),
                headers("resources/read", "docs://none"));
        assertThat(answer.json().get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(answer.json().get("error").get("data")).isEqualTo(JSON.readTree("{\"uri\":\"docs://none\"}"));
        assertThat(answer.json().get("id").asInt()).isEqualTo(9);
    }

    /** A request whose params do not fit its method, and what its answer must name. */
    record BadParams(String method, String name, String params, String named) {}

    static List<BadParams> badParams() {
        return List.of(
                new BadParams(
                        "tools/call",
                        "echo",
                        "\"name\":\"echo\",\"arguments\":\"x\"",
                        "arguments must be a JSON object"),
                new BadParams("tools/call", null, "\"arguments\":{}", "name is required"),
                new BadParams("tools/call", null, "\"name\":{}", "name must be a string"),
                new BadParams("resources/read", null, "\"uri\":{}", "uri must be a string"),
                new BadParams("resources/read", null, "", "uri is required"),
                new BadParams(
                        "prompts/get",
                        "greet",
                        "\"name\":\"greet\",\"arguments\":[]",
                        "arguments must be a JSON object"),
                new BadParams(
                        "completion/complete",
                        null,
                        "\"ref\":{\"type\":\"ref/prompt\",\"name\":\"greet\"}",
                        "argument is required"),
                new BadParams(
                        "completion/complete",
                        null,
                        "\"ref\":{\"type\":\"ref/bogus\"}," + "\"argument\":{\"name\":\"a\",\"value\":\"b\"}",
                        "ref needs a known \"type\""));
    }

    @ParameterizedTest
    @MethodSource("badParams")
    void paramsThatDoNotFitTheirMethodAreInvalidParamsNamingTheFieldWithTheRequestsId(BadParams bad) throws Exception {
        String params = "{" + bad.params() + (bad.params().isEmpty() ? "" : ",") + "\"_meta\":" + META + "}";
        Answer overHttp = http(
                request(88, bad.method(), params),
                bad.name() == null ? headers(bad.method()) : headers(bad.method(), bad.name()));
        assertThat(overHttp.status()).as("HTTP status").isEqualTo(400);
        assertThat(overHttp.json().get("id").asInt()).isEqualTo(88);
        assertThat(overHttp.json().get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(overHttp.json().get("error").get("message").asText())
                .isEqualTo("Invalid params for " + bad.method() + ": " + bad.named());

        Era2026Answer overStdio = bulwark.era2026()
                .serve(ParsedEra2026Requests.overStdio(request(89, bad.method(), params), caller()), notification -> {})
                .get(30, TimeUnit.SECONDS);
        JsonNode stdio = JSON.readTree(overStdio.json());
        assertThat(stdio.get("id").asInt()).isEqualTo(89);
        assertThat(stdio.get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(stdio.get("error").get("message").asText())
                .isEqualTo("Invalid params for " + bad.method() + ": " + bad.named());
    }

    @Test
    void anUnknownToolIsInvalidParamsNamingIt() throws Exception {
        Answer answer = http(
                request(402, "tools/call", "{\"name\":\"ehco\",\"arguments\":{},\"_meta\":" + META + "}"),
                headers("tools/call", "ehco"));

        assertThat(answer.json().get("id").asInt()).isEqualTo(402);
        assertThat(answer.json().at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(answer.json().at("/error/message").asText())
                .isEqualTo("Unknown tool 'ehco': call tools/list to see the tools you can call");
    }

    @Test
    void aToolNeedingACapabilityTheClientDidNotDeclareIsRefusedNamingIt() throws Exception {
        Answer answer = http(
                request(401, "tools/call", "{\"name\":\"ask\",\"arguments\":{\"text\":\"q\"},\"_meta\":" + META + "}"),
                headers("tools/call", "ask"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json())
                .isEqualTo(JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":401,\"error\":{"
                        + "\"code\":-32021,\"message\":\"Missing required client capability: sampling\","
                        + "\"data\":{\"requiredCapabilities\":{\"sampling\":{}}}}}"));
    }

    @Test
    void overStdioNoHeaderIsNeeded() throws Exception {
        Era2026Answer answer = bulwark.era2026()
                .serve(
                        ParsedEra2026Requests.overStdio(
                                request(3, "tools/list", "{\"_meta\":" + META + "}"),
                                RequestOrigin.of(Principal.of("operator", "*"))),
                        notification -> {})
                .get(30, TimeUnit.SECONDS);
        assertThat(JSON.readTree(answer.json()).get("result").get("tools")).hasSize(3);
    }

    @Test
    void malformedMessagesAreRefusedWithoutEchoingThem() throws Exception {
        Answer notJson = http("{not json".getBytes(StandardCharsets.UTF_8), headers("tools/list"));
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("error").get("code").asInt()).isEqualTo(-32700);
        assertThat(notJson.json().get("id").isNull()).isTrue();
        Answer notRpc = http("{\"id\":4,\"method\":7}".getBytes(StandardCharsets.UTF_8), headers("tools/list"));
        assertThat(notRpc.json().get("error").get("code").asInt()).isEqualTo(-32600);
        assertThat(notRpc.json().get("id").asInt()).isEqualTo(4);
    }

    @Test
    void listenAcknowledgesFirstWithTheSubscriptionIdAndEndsOnShutdown() throws Exception {
        Map<String, String> headers = headers("subscriptions/listen");
        Era2026Answer answer = bulwark.era2026()
                .serve(
                        ParsedEra2026Requests.overHttp(
                                request(
                                        77,
                                        "subscriptions/listen",
                                        "{\"notifications\":{\"toolsListChanged\":true},\"_meta\":" + META + "}"),
                                headers,
                                caller()),
                        notification -> {})
                .get(30, TimeUnit.SECONDS);
        assertThat(JSON.readTree(answer.json()))
                .isEqualTo(JSON.readTree("{\"jsonrpc\":\"2.0\","
                        + "\"method\":\"notifications/subscriptions/acknowledged\","
                        + "\"params\":{\"notifications\":{\"toolsListChanged\":true},"
                        + "\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":77}}}"));
        assertThat(answer.stream()).isPresent();
        List<String> sent = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        answer.stream().get().open(sent::add, () -> ended.set(true));
        bulwark.close();
        assertThat(ended).isTrue();
        assertThat(sent).hasSize(1);
        assertThat(JSON.readTree(sent.get(0)))
                .isEqualTo(JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":77,\"result\":{"
                        + "\"resultType\":\"complete\",\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":77}}}"));
    }

    @Test
    void aSubscriptionAcknowledgedJustAfterItsClientGaveUpGivesItsPlaceBack() throws Exception {
        String listen = "{\"notifications\":{},\"_meta\":" + META + "}";
        CompletableFuture<Era2026Answer> givenUp = new CompletableFuture<>() {
            @Override
            public boolean complete(Era2026Answer value) {
                cancel(false); // the client leaves just as its acknowledgement is made
                return super.complete(value);
            }
        };
        bulwark.era2026()
                .serve(
                        ParsedEra2026Requests.overHttp(
                                request(1, "subscriptions/listen", listen), headers("subscriptions/listen"), caller()),
                        notification -> {},
                        givenUp);
        assertThat(givenUp).isCancelled();

        for (int id = 2; id <= 1 + Subscriptions.MAX_OPEN_PER_CALLER; id++) {
            Answer answer = http(request(id, "subscriptions/listen", listen), headers("subscriptions/listen"));
            assertThat(answer.status())
                    .as("subscription %d of the caller's %d", id - 1, Subscriptions.MAX_OPEN_PER_CALLER)
                    .isEqualTo(200);
        }
    }

    @Test
    void claimsTheNewEraOnlyByVersionOrByItsOwnMethods() {
        var era = bulwark.era2026();
        assertThat(era.claims("server/discover", null, null)).isTrue();
        assertThat(era.claims("tools/list", null, "2025-11-25")).isFalse();
        assertThat(era.claims("tools/list", null, null)).isFalse();
        assertThat(era.claims("tools/list", null, "2026-07-28")).isTrue();
        // an unknown version in the header alone is the session era's to refuse; with _meta it is this era's
        assertThat(era.claims("tools/list", null, "2024-01-01")).isFalse();
        assertThat(era.claims(
                        "tools/list",
                        Map.of("_meta", Map.of("io.modelcontextprotocol/protocolVersion", "v999.0.0")),
                        "v999.0.0"))
                .isTrue();
        assertThat(era.claims(
                        "tools/list",
                        Map.of("_meta", Map.of("io.modelcontextprotocol/protocolVersion", "2026-07-28")),
                        null))
                .isTrue();
        assertThat(era.claims("tools/call", Map.of("_meta", Map.of("progressToken", 1)), null))
                .isFalse();
    }

    record Answer(int status, JsonNode json) {}

    private Answer http(byte[] body, Map<String, String> headers) throws Exception {
        Era2026Answer answer = bulwark.era2026()
                .serve(ParsedEra2026Requests.overHttp(body, headers, caller()), notification -> {})
                .get(30, TimeUnit.SECONDS);
        return new Answer(answer.httpStatus(), JSON.readTree(answer.json()));
    }

    private static RequestOrigin caller() {
        return RequestOrigin.of(Principal.of("alice", "*"));
    }

    private static byte[] request(int id, String method, String params) {
        return ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> headers(String method) {
        Map<String, String> headers = new HashMap<>();
        headers.put("mcp-protocol-version", "2026-07-28");
        headers.put("mcp-method", method);
        return headers;
    }

    private static Map<String, String> headers(String method, String name) {
        Map<String, String> headers = headers(method);
        headers.put("mcp-name", name);
        return headers;
    }
}
