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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A tool a 2026-07-28 upstream (Bulwark's own server, over HTTP or stdio) runs only as a task, through the gateway:
 * called by a 2026-07-28 client and a 2025-11-25 client, cancelled upstream with the gateway's task or at its
 * timeout, failing without the upstream's details, and asking its caller for input.
 */
class GatewayUpstreamTasksTest {

    /** How the gateway reaches the upstream. */
    enum Transport {
        HTTP,
        STDIO
    }

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Set<String> ENDED = Set.of("completed", "failed", "cancelled");

    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(PATIENCE).build();
    private final AtomicLong ids = new AtomicLong();
    private OneUpstreamGateway gateway;

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private Path record() {
        return dir.resolve("record");
    }

    /** What the upstream's tools did, a line each. */
    private String recorded() throws Exception {
        return Files.exists(record()) ? Files.readString(record()) : "";
    }

    /** A gateway whose one upstream {@code up} serves {@link UpstreamTaskTools} over {@code transport} in 2026. */
    private void gateway(Transport transport, Duration timeout) {
        UpstreamSettings.Builder settings =
                UpstreamSettings.builder("up").timeout(timeout).era(UpstreamSettings.Era.V2026_07_28);
        if (transport == Transport.HTTP) {
            Bulwark upstream = Bulwark.builder(BulwarkConfig.defaults())
                    .meterRegistry(new SimpleMeterRegistry())
                    .tools(UpstreamTaskTools.of(line -> StdioTaskUpstream.append(record(), line)))
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
                    .env(Map.of("UPSTREAM_RECORD", record().toString()));
        }
        gateway = new OneUpstreamGateway(settings.build(), PATIENCE, new SimpleMeterRegistry());
        opened.add(gateway);
    }

    private static ObjectNode call(String tool) {
        ObjectNode params = Wire.JSON.createObjectNode().put("name", tool);
        params.putObject("arguments").put("text", "the quarter");
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

    /** Calls {@code tool} as a 2026-07-28 client declaring {@code capabilities}: the gateway's task's id. */
    private String start2026(String tool, ObjectNode capabilities) throws Exception {
        JsonNode created = post2026("tools/call", tool, call(tool), capabilities);
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
     * Calls {@code tool} as a task of a 2025-11-25 session ({@code params.task}) and waits for its result with
     * {@code tasks/result}.
     */
    private JsonNode run2025(String tool) throws Exception {
        HttpResponse<String> initialized =
                http.send(post(Wire.initialize(ids.incrementAndGet())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(200);
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        http.send(session(post(Wire.initialized()), session).build(), HttpResponse.BodyHandlers.discarding());
        ObjectNode params = call(tool);
        params.putObject("task").put("ttl", 600_000);
        JsonNode created = request2025(session, "tools/call", params);
        String taskId = created.path("result").path("task").path("taskId").asText();
        assertThat(taskId).as(created.toString()).isNotEmpty();
        return request2025(session, "tasks/result", Wire.JSON.createObjectNode().put("taskId", taskId));
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
        gateway(transport, Duration.ofSeconds(30));

        JsonNode task = settled2026(start2026("up_report", declaring()), declaring());

        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("completed");
        assertThat(task.path("result").path("isError").asBoolean(false)).isFalse();
        assertThat(text(task.path("result"))).contains("reported the quarter");
        assertThat(recorded()).contains("reported");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientOf2025CallsAnUpstreamToolThatRequiresTasks(Transport transport) throws Exception {
        gateway(transport, Duration.ofSeconds(30));

        JsonNode answer = run2025("up_report");

        assertThat(answer.path("result").path("isError").asBoolean(false))
                .as(answer.toString())
                .isFalse();
        assertThat(text(answer.path("result"))).contains("reported the quarter");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void cancellingTheGatewaysTaskCancelsTheUpstreamTask(Transport transport) throws Exception {
        gateway(transport, Duration.ofSeconds(30));
        String taskId = start2026("up_hold", declaring());
        await().atMost(PATIENCE).until(() -> recorded().contains("held"));

        post2026("tasks/cancel", taskId, Wire.JSON.createObjectNode().put("taskId", taskId), declaring());

        await().atMost(PATIENCE).until(() -> recorded().contains("cancelled"));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anUpstreamTaskPastTheUpstreamsTimeoutIsCancelledThereAndTheCallFails(Transport transport) throws Exception {
        gateway(transport, Duration.ofSeconds(2));

        JsonNode answer = run2025("up_hold");

        assertThat(answer.path("result").path("isError").asBoolean(false))
                .as(answer.toString())
                .isTrue();
        assertThat(text(answer.path("result"))).contains("did not answer in time; the call was cancelled there");
        await().atMost(PATIENCE).until(() -> recorded().contains("cancelled"));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anUpstreamTaskThatFailsIsAFailedCallWithoutTheUpstreamsDetails(Transport transport) throws Exception {
        gateway(transport, Duration.ofSeconds(30));

        JsonNode task = settled2026(start2026("up_crash", declaring()), declaring());

        assertThat(recorded()).contains("crashed");
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
    void anUpstreamTaskThatAsksForInputIsAnsweredByTheCaller(Transport transport) throws Exception {
        gateway(transport, Duration.ofSeconds(30));
        ObjectNode capabilities = declaring("elicitation");
        String taskId = start2026("up_folder", capabilities);

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
        gateway(transport, Duration.ofSeconds(30));

        JsonNode task = settled2026(start2026("up_folder", declaring()), declaring());

        assertThat(recorded()).contains("asked");
        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("completed");
        assertThat(text(task.path("result")))
                .contains("refused: ")
                .contains("did not declare the elicitation capability");
    }
}
