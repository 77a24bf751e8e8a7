package dev.bulwark.promises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.mcpclient.UpstreamSettings;
import dev.bulwark.serve.BulwarkHttp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A tool a 2026-07-28 upstream (Bulwark's own server, over HTTP or stdio) runs only as a task, through the gateway:
 * called by a 2026-07-28 client and a 2025-11-25 client, cancelled upstream with the gateway's task or at its
 * timeout, failing without the upstream's details, and asking its caller for input. The tests share one gateway per
 * transport; each calls with a text of its own, which the upstream records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayUpstreamTasksTest {

    /** How the gateway reaches the upstream. */
    enum Transport {
        HTTP,
        STDIO
    }

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> ENDED = Set.of("completed", "failed", "cancelled");

    /** One for the class: the shared upstreams record in it across tests. */
    @TempDir
    static Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final Map<Transport, OneUpstreamGateway> shared = new EnumMap<>(Transport.class);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(PATIENCE).build();
    private final AtomicLong ids = new AtomicLong();
    /** The gateway the running test calls. */
    private OneUpstreamGateway gateway;

    @AfterAll
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    /** The file the upstream of {@code transport} and {@code timeout} records in. */
    private Path record(Transport transport, Duration timeout) {
        return dir.resolve(transport + "-" + timeout.toSeconds());
    }

    /** What the upstreams' tools did, a line each with its text. */
    private String recorded() throws Exception {
        StringBuilder lines = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                lines.append(Files.readString(file));
            }
        }
        return lines.toString();
    }

    /** Calls the shared gateway of {@code transport}, its upstream's timeout {@link #TIMEOUT}. */
    private void use(Transport transport) {
        gateway = shared.computeIfAbsent(transport, shared -> started(transport, TIMEOUT));
    }

    /** A gateway whose one upstream {@code up} serves {@link UpstreamTaskTools} over {@code transport} in 2026. */
    private OneUpstreamGateway started(Transport transport, Duration timeout) {
        return started(transport, timeout, new SimpleMeterRegistry(), UpstreamSettings.DEFAULT_BREAKER_FAILURES);
    }

    /**
     * As {@link #started(Transport, Duration)}, the upstream client's meters in {@code meters}, its breaker opened by
     * {@code breakerFailures} failures in a row.
     */
    private OneUpstreamGateway started(
            Transport transport, Duration timeout, SimpleMeterRegistry meters, int breakerFailures) {
        Path record = record(transport, timeout);
        UpstreamSettings.Builder settings = UpstreamSettings.builder("up")
                .timeout(timeout)
                .era(UpstreamSettings.Era.V2026_07_28)
                .breakerFailures(breakerFailures);
        if (transport == Transport.HTTP) {
            Bulwark upstream = Bulwark.builder(BulwarkConfig.defaults())
                    .meterRegistry(new SimpleMeterRegistry())
                    .tools(UpstreamTaskTools.of(line -> StdioBulwarkUpstream.append(record, line)))
                    .build();
            opened.add(upstream);
            BulwarkHttp served =
                    BulwarkHttp.builder(upstream).port(0).managementPort(0).start();
            opened.add(served);
            settings.transport("http").url("http://127.0.0.1:" + served.port() + "/mcp");
        } else {
            List<String> command = StdioTaskUpstream.command();
            settings.transport("stdio")
                    .command(command.get(0))
                    .args(command.subList(1, command.size()))
                    .env(Map.of("UPSTREAM_RECORD", record.toString()));
        }
        OneUpstreamGateway started = new OneUpstreamGateway(settings.build(), PATIENCE, meters);
        opened.add(started);
        return started;
    }

    private static ObjectNode call(String tool, String text) {
        ObjectNode params = Wire.JSON.createObjectNode().put("name", tool);
        params.putObject("arguments").put("text", text);
        return params;
    }

    /** A 2026-07-28 client's capabilities: the Tasks extension, and {@code features}. */
    private static ObjectNode declaring(String... features) {
        ObjectNode capabilities = Wire.JSON.createObjectNode();
        capabilities.putObject("extensions").putObject(Wire.TASKS);
        for (String feature : features) {
            capabilities.putObject(feature);
        }
        return capabilities;
    }

    /** Posts a 2026-07-28 request naming {@code name} to the gateway and reads its answer. */
    private JsonNode post2026(String method, String name, ObjectNode params, ObjectNode capabilities) throws Exception {
        long id = ids.incrementAndGet();
        ObjectNode sent = params.deepCopy();
        ObjectNode meta = sent.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", Wire.ERA_2026);
        meta.set("io.modelcontextprotocol/clientCapabilities", capabilities);
        ObjectNode request =
                Wire.JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        request.set("params", sent);
        HttpResponse<String> response = http.send(
                post(request.toString())
                        .header("MCP-Protocol-Version", Wire.ERA_2026)
                        .header("Mcp-Method", method)
                        .header("Mcp-Name", name)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = Wire.answerTo(id, response.body());
        assertThat(answer).as(response.body()).isNotNull();
        return answer;
    }

    private HttpRequest.Builder post(String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/mcp"))
                .timeout(PATIENCE)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** Calls {@code tool} with {@code text} as a 2026-07-28 client declaring {@code capabilities}: its task's id. */
    private String start2026(String tool, String text, ObjectNode capabilities) throws Exception {
        JsonNode created = post2026("tools/call", tool, call(tool, text), capabilities);
        assertThat(created.path("result").path("resultType").asText())
                .as(created.toString())
                .isEqualTo("task");
        return created.path("result").path("taskId").asText();
    }

    /** The gateway's task as {@code tasks/get} shows it once it has ended or asks for input. */
    private JsonNode settled2026(String taskId, ObjectNode capabilities) {
        ObjectNode params = Wire.JSON.createObjectNode().put("taskId", taskId);
        return await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> post2026("tasks/get", taskId, params, capabilities)
                                .path("result"),
                        task -> ENDED.contains(task.path("status").asText())
                                || "input_required".equals(task.path("status").asText()));
    }

    /**
     * Calls {@code tool} with {@code text} as a task of a 2025-11-25 session ({@code params.task}) and waits for its result with
     * {@code tasks/result}.
     */
    private JsonNode run2025(String tool, String text) throws Exception {
        String session = session2025();
        ObjectNode params = call(tool, text);
        params.putObject("task").put("ttl", 600_000);
        JsonNode created = request2025(session, "tools/call", params);
        String taskId = created.path("result").path("task").path("taskId").asText();
        assertThat(taskId).as(created.toString()).isNotEmpty();
        return request2025(session, "tasks/result", Wire.JSON.createObjectNode().put("taskId", taskId));
    }

    /** Calls {@code tool} with {@code text} in a 2025-11-25 session, without a task: its answer. */
    private JsonNode call2025(String tool, String text) throws Exception {
        return request2025(session2025(), "tools/call", call(tool, text));
    }

    /** A new 2025-11-25 session with the gateway, initialized: its id. */
    private String session2025() throws Exception {
        HttpResponse<String> initialized =
                http.send(post(Wire.initialize(ids.incrementAndGet())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(200);
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        http.send(session(post(Wire.initialized()), session).build(), HttpResponse.BodyHandlers.discarding());
        return session;
    }

    private JsonNode request2025(String session, String method, ObjectNode params) throws Exception {
        long id = ids.incrementAndGet();
        HttpResponse<String> response = http.send(
                session(post(Wire.request(id, method, params, false, List.of())), session)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = Wire.answerTo(id, response.body());
        assertThat(answer).as(response.body()).isNotNull();
        return answer;
    }

    private static HttpRequest.Builder session(HttpRequest.Builder request, String session) {
        return request.header("MCP-Protocol-Version", Wire.ERA_2025).header("Mcp-Session-Id", session);
    }

    private static String text(JsonNode result) {
        return result.path("content").path(0).path("text").asText();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientOf2026CallsAnUpstreamToolThatRequiresTasks(Transport transport) throws Exception {
        use(transport);
        String text = "2026 report over " + transport;

        JsonNode task = settled2026(start2026("up_report", text, declaring()), declaring());

        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("completed");
        assertThat(task.path("result").path("isError").asBoolean(false)).isFalse();
        assertThat(text(task.path("result"))).contains("reported " + text);
        assertThat(recorded()).contains("reported " + text);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientOf2025CallsAnUpstreamToolThatRequiresTasks(Transport transport) throws Exception {
        use(transport);
        String text = "2025 report over " + transport;

        JsonNode answer = run2025("up_report", text);

        assertThat(answer.path("result").path("isError").asBoolean(false))
                .as(answer.toString())
                .isFalse();
        assertThat(text(answer.path("result"))).contains("reported " + text);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void cancellingTheGatewaysTaskCancelsTheUpstreamTask(Transport transport) throws Exception {
        use(transport);
        String text = "cancelled hold over " + transport;
        String taskId = start2026("up_hold", text, declaring());
        await().atMost(PATIENCE).until(() -> recorded().contains("held " + text));

        post2026("tasks/cancel", taskId, Wire.JSON.createObjectNode().put("taskId", taskId), declaring());

        await().atMost(PATIENCE).until(() -> recorded().contains("cancelled " + text));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anUpstreamTaskPastTheUpstreamsTimeoutIsCancelledThereAndTheCallFails(Transport transport) throws Exception {
        gateway = started(transport, Duration.ofSeconds(2));
        String text = "timed hold over " + transport;

        JsonNode answer = run2025("up_hold", text);

        assertThat(answer.path("result").path("isError").asBoolean(false))
                .as(answer.toString())
                .isTrue();
        assertThat(text(answer.path("result"))).contains("did not answer in time; the call was cancelled there");
        await().atMost(PATIENCE).until(() -> recorded().contains("cancelled " + text));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anUpstreamTaskThatFailsIsAFailedCallWithoutTheUpstreamsDetails(Transport transport) throws Exception {
        use(transport);
        String text = "crash over " + transport;

        JsonNode task = settled2026(start2026("up_crash", text, declaring()), declaring());

        assertThat(recorded()).contains("crashed " + text);
        assertThat(task.path("status").asText()).as(task.toString()).isIn("completed", "failed");
        if ("completed".equals(task.path("status").asText())) {
            assertThat(task.path("result").path("isError").asBoolean(false))
                    .as(task.toString())
                    .isTrue();
        }
        assertThat(task.toString())
                .doesNotContain("db.internal")
                .doesNotContain("IllegalStateException")
                .doesNotContain("127.0.0.1")
                .doesNotContain("\tat ");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aFailedUpstreamTaskIsAnsweredAsAPlainCallOfTheSameToolIsAndLeavesTheBreakerClosed(Transport transport)
            throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        gateway = started(transport, TIMEOUT, meters, 1);

        for (String tool : List.of("crash", "reject")) {
            String text = tool + " beside a plain call over " + transport;
            JsonNode task = run2025("up_" + tool, text).path("result");
            JsonNode plain = call2025("up_" + tool + "_plain", text).path("result");

            assertThat(task.path("isError").asBoolean(false))
                    .as(task.toString())
                    .isTrue();
            assertThat(plain.path("isError").asBoolean(false))
                    .as(plain.toString())
                    .isTrue();
            assertThat(task.path("_meta").path("dev.bulwark/error-type").asText())
                    .as(task + " beside " + plain)
                    .isEqualTo(
                            plain.path("_meta").path("dev.bulwark/error-type").asText())
                    .isEqualTo("upstream_tool_error");
            assertThat(text(task)).startsWith("Upstream 'up' answered up_" + tool + " with an error: ");
            assertThat(text(plain)).startsWith("Upstream 'up' answered up_" + tool + "_plain with an error: ");
            assertThat(task + " " + plain)
                    .doesNotContain("db.internal")
                    .doesNotContain("IllegalStateException")
                    .doesNotContain("127.0.0.1")
                    .doesNotContain("\tat ");
        }
        assertThat(text(run2025("up_reject", "rejected again").path("result")))
                .isEqualTo("Upstream 'up' answered up_reject with an error: The text was rejected");
        assertThat(text(run2025("up_crash", "crashed again").path("result")))
                .isEqualTo("Upstream 'up' answered up_crash with an error: Its task failed with an internal error"
                        + " (JSON-RPC code -32603)");

        assertThat(meters.get("bulwark.upstream.calls")
                        .tag("outcome", "tool_error")
                        .counter()
                        .count())
                .isEqualTo(6);
        assertThat(meters.find("bulwark.upstream.calls")
                        .tag("outcome", "protocol_error")
                        .counter())
                .isNull();
        assertThat(meters.get("bulwark.upstream.breaker.open").gauge().value()).isZero();
        assertThat(text(run2025("up_report", "reported after failures over " + transport)
                        .path("result")))
                .contains("reported reported after failures");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anUpstreamTaskThatAsksForInputIsAnsweredByTheCaller(Transport transport) throws Exception {
        use(transport);
        ObjectNode capabilities = declaring("elicitation");
        String taskId = start2026("up_folder", "answered over " + transport, capabilities);

        JsonNode asked = settled2026(taskId, capabilities);
        assertThat(asked.path("status").asText()).as(asked.toString()).isEqualTo("input_required");
        ObjectNode update = Wire.JSON.createObjectNode().put("taskId", taskId);
        ObjectNode responses = update.putObject("inputResponses");
        asked.path("inputRequests")
                .fieldNames()
                .forEachRemaining(key -> responses.set(
                        key, Wire.JSON.valueToTree(Map.of("action", "accept", "content", Map.of("folder", "docs")))));
        post2026("tasks/update", taskId, update, capabilities);
        JsonNode task = settled2026(taskId, capabilities);

        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("completed");
        assertThat(text(task.path("result"))).contains("ACCEPT {folder=docs}");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anUpstreamTaskThatAsksACallerWhoCannotAnswerIsToldSo(Transport transport) throws Exception {
        use(transport);
        String text = "unanswered over " + transport;

        JsonNode task = settled2026(start2026("up_folder", text, declaring()), declaring());

        assertThat(recorded()).contains("asked " + text);
        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("completed");
        assertThat(text(task.path("result")))
                .contains("refused: ")
                .contains("did not declare the elicitation capability");
    }
}
