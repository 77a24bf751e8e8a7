package dev.bulwark.mcpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.ports.upstream.CallerCannotAnswerException;
import dev.bulwark.ports.upstream.UpstreamCallException;
import dev.bulwark.ports.upstream.UpstreamCaller;
import dev.bulwark.ports.upstream.UpstreamResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an upstream sends during a call reaches that call's caller, over stdio and Streamable HTTP. */
class UpstreamRelayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : started) {
            closeable.close();
        }
    }

    /** A caller that answers every request and keeps what it was sent and asked. */
    static final class AnsweringCaller implements UpstreamCaller {

        final List<String> progress = new CopyOnWriteArrayList<>();
        final List<String> logs = new CopyOnWriteArrayList<>();
        final List<Map<String, Object>> asked = new CopyOnWriteArrayList<>();

        @Override
        public void progress(double done, Double total, String message) {
            progress.add(done + "/" + total + " " + message);
        }

        @Override
        public boolean log(String level, String logger, String message) {
            logs.add(level + " " + logger + " " + message);
            return true;
        }

        @Override
        public Map<String, Object> sample(Map<String, Object> params) {
            asked.add(params);
            return Map.of(
                    "role", "assistant",
                    "content", Map.of("type", "text", "text", "A short summary"),
                    "model", "caller-model",
                    "stopReason", "endTurn");
        }

        @Override
        public Map<String, Object> elicit(Map<String, Object> params) {
            asked.add(params);
            return Map.of("action", "accept", "content", Map.of("folder", "docs"));
        }

        @Override
        public List<Map<String, Object>> roots() {
            return List.of(Map.of("uri", "file:///home/user/project", "name", "project"));
        }
    }

    private McpClientUpstreams start(UpstreamSettings upstream) {
        McpClientUpstreams built = McpClientUpstreams.builder()
                .upstreams(List.of(upstream))
                .environment(Map.of())
                .startTimeout(Duration.ofSeconds(60))
                .build();
        started.add(built);
        built.start();
        return built;
    }

    private Path record() {
        return dir.resolve("record.txt");
    }

    private UpstreamSettings stdio(Duration timeout) {
        List<String> command = FakeUpstream.command();
        return UpstreamSettings.builder("fake")
                .transport("stdio")
                .command(command.get(0))
                .args(command.subList(1, command.size()))
                .env(Map.of("FAKE_RECORD", record().toString()))
                .timeout(timeout)
                .build();
    }

    private List<String> recorded() throws IOException {
        return Files.exists(record()) ? Files.readAllLines(record(), StandardCharsets.UTF_8) : List.of();
    }

    private static JsonNode answers(UpstreamResult result) throws IOException {
        return JSON.readTree(String.valueOf(result.content().get(0).get("text")));
    }

    private static void assertRelayed(AnsweringCaller caller, JsonNode answers) {
        assertThat(caller.progress).containsExactly("1.0/2.0 half way");
        assertThat(caller.logs).containsExactly("warning fake disk nearly full");
        assertThat(answers.path("sampling").path("content").path("text").asText())
                .isEqualTo("A short summary");
        assertThat(answers.path("sampling").path("model").asText()).isEqualTo("caller-model");
        assertThat(answers.path("elicitation").path("action").asText()).isEqualTo("accept");
        assertThat(answers.path("elicitation").path("content").path("folder").asText())
                .isEqualTo("docs");
        assertThat(answers.path("roots").path("roots").get(0).path("uri").asText())
                .isEqualTo("file:///home/user/project");
        assertThat(caller.asked).anySatisfy(params -> assertThat(params).containsKey("messages"));
        assertThat(caller.asked)
                .anySatisfy(params -> assertThat(params)
                        .containsEntry("message", "Which folder?")
                        .containsKey("requestedSchema"));
    }

    @Test
    void aStdioUpstreamsProgressLogsAndRequestsDuringACallReachItsCaller() throws IOException {
        McpClientUpstreams upstreams = start(stdio(Duration.ofSeconds(20)));
        AnsweringCaller caller = new AnsweringCaller();

        UpstreamResult result = upstreams.call("fake", "relay", Map.of(), caller);

        assertRelayed(caller, answers(result));
        assertThat(recorded())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("capabilities")
                        .contains("\"sampling\"", "\"elicitation\"", "\"roots\""));
    }

    @Test
    void anHttpUpstreamsProgressLogsAndRequestsDuringACallReachItsCaller() throws Exception {
        FakeHttpUpstream http = new FakeHttpUpstream();
        started.add(http);
        McpClientUpstreams upstreams = start(UpstreamSettings.builder("fake")
                .transport("http")
                .url(http.url())
                .timeout(Duration.ofSeconds(20))
                .build());
        AnsweringCaller caller = new AnsweringCaller();

        UpstreamResult result = upstreams.call("fake", "relay", Map.of(), caller);

        assertRelayed(caller, answers(result));
    }

    @Test
    void aCallerThatCannotAnswerIsRefusedToTheUpstreamWithAClearErrorAndTheCallGoesOn() throws IOException {
        McpClientUpstreams upstreams = start(stdio(Duration.ofSeconds(20)));
        UpstreamCaller refusing = new UpstreamCaller() {
            @Override
            public Map<String, Object> sample(Map<String, Object> params) {
                throw new CallerCannotAnswerException("the caller's protocol era cannot hold this call open");
            }
        };

        JsonNode answers = answers(upstreams.call("fake", "relay", Map.of(), refusing));

        assertThat(answers.path("sampling").path("error").path("message").asText())
                .isEqualTo("Bulwark cannot relay sampling/createMessage: the caller's protocol era cannot hold this"
                        + " call open");
        assertThat(answers.path("elicitation").path("error").path("message").asText())
                .isEqualTo("Bulwark cannot relay elicitation/create: the call's caller cannot answer elicitation"
                        + " requests");
        assertThat(answers.path("roots").path("error").path("message").asText())
                .isEqualTo("Bulwark cannot relay roots/list: the call's caller cannot list its roots");
    }

    @Test
    void withSeveralCallsInFlightRequestsAreRefusedButProgressStillReachesItsOwnCaller() throws Exception {
        McpClientUpstreams upstreams = start(stdio(Duration.ofSeconds(20)));
        AnsweringCaller other = new AnsweringCaller();
        CompletableFuture<Object> hanging = CompletableFuture.supplyAsync(() -> {
            try {
                return upstreams.call("fake", "slow", Map.of(), other);
            } catch (UpstreamCallException e) {
                return e;
            }
        });
        await().atMost(Duration.ofSeconds(30))
                .until(() -> recorded().stream()
                                .filter(line -> line.startsWith("meta tools/call"))
                                .count()
                        == 1);
        AnsweringCaller caller = new AnsweringCaller();

        JsonNode answers = answers(upstreams.call("fake", "relay", Map.of(), caller));

        assertThat(caller.progress).containsExactly("1.0/2.0 half way");
        assertThat(caller.logs).isEmpty();
        assertThat(other.logs).isEmpty();
        assertThat(other.progress).isEmpty();
        assertThat(other.asked).isEmpty();
        assertThat(answers.path("sampling").path("error").path("message").asText())
                .contains("several calls of Bulwark's are in flight on this upstream");
        hanging.cancel(true);
    }
}
