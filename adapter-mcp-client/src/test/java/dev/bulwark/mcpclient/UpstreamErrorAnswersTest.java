package dev.bulwark.mcpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.upstream.UpstreamCallException;
import dev.bulwark.ports.upstream.UpstreamFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream's JSON-RPC error answer, in both eras: one its caller caused (invalid params, an unknown method) is
 * passed on with the upstream's cleaned message and never counts toward the breaker; the upstream's own failure does.
 */
class UpstreamErrorAnswersTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> started = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    private McpClientUpstreams start(UpstreamSettings settings) {
        McpClientUpstreams upstreams = McpClientUpstreams.builder()
                .upstreams(List.of(settings))
                .environment(Map.of())
                .startTimeout(Duration.ofSeconds(60))
                .build();
        started.add(upstreams::close);
        upstreams.start();
        upstreams.metrics().bindTo(registry);
        return upstreams;
    }

    private double calls(String outcome) {
        Counter counter = registry.find("bulwark.upstream.calls")
                .tags("upstream", "up", "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static void refusedAsTheCallers(McpClientUpstreams upstreams, String tool, String message) {
        assertThatThrownBy(() -> upstreams.call("up", tool, Map.of()))
                .isInstanceOfSatisfying(UpstreamCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(UpstreamFailure.CALLER_ERROR);
                    assertThat(e.upstreamMessage()).contains(message);
                });
    }

    @Test
    void aCallersErrorFromA2025StdioUpstreamIsPassedOnWithoutItsStackAndNeverOpensTheBreaker() {
        List<String> command = FakeUpstream.command();
        McpClientUpstreams upstreams = start(UpstreamSettings.builder("up")
                .transport("stdio")
                .command(command.get(0))
                .args(command.subList(1, command.size()))
                .env(Map.of("FAKE_RECORD", dir.resolve("record.txt").toString()))
                .breakerFailures(2)
                .breakerOpen(Duration.ofMinutes(5))
                .build());

        for (int i = 0; i < 3; i++) {
            refusedAsTheCallers(upstreams, "refuse", "Invalid arguments: 'path' is required");
        }
        refusedAsTheCallers(upstreams, "no_such_tool", "no such tool");

        assertThat(upstreams.call("up", "echo", Map.of("text", "still served")).error())
                .isFalse();
        assertThat(calls("caller_error")).isEqualTo(4.0);
        assertThat(calls("protocol_error")).isZero();
    }

    @Test
    void aCallersErrorFromA2026HttpUpstreamIsPassedOnWithoutItsHostButItsOwnErrorsOpenTheBreaker() throws IOException {
        Fake2026HttpUpstream[] upstream = new Fake2026HttpUpstream[1];
        upstream[0] = new Fake2026HttpUpstream(request -> switch (request.path("method")
                .asText()) {
            case "server/discover" ->
                Fake2026HttpUpstream.Answer.result(
                        request, "{\"supportedVersions\":[\"2026-07-28\"],\"capabilities\":{\"tools\":{}}}");
            case "tools/list" ->
                Fake2026HttpUpstream.Answer.result(
                        request,
                        "{\"tools\":[{\"name\":\"echo\",\"inputSchema\":{\"type\":\"object\"}},"
                                + "{\"name\":\"refuse\",\"inputSchema\":{\"type\":\"object\"}},"
                                + "{\"name\":\"fail\",\"inputSchema\":{\"type\":\"object\"}}]}");
            case "tools/call" ->
                switch (request.path("params").path("name").asText()) {
                    case "refuse" ->
                        Fake2026HttpUpstream.Answer.error(
                                request,
                                -32602,
                                "Invalid arguments: no file 'a.txt' on " + upstream[0].url() + " ("
                                        + upstream[0].url().getHost() + ")\n\tat fake.Files.read(Files.java:7)");
                    case "nothing" -> Fake2026HttpUpstream.Answer.error(request, -32601, "Method not found");
                    case "fail" ->
                        Fake2026HttpUpstream.Answer.error(
                                request, -32603, "db.internal.example:5432 refused: password=hunter2");
                    default ->
                        Fake2026HttpUpstream.Answer.result(
                                request, "{\"content\":[{\"type\":\"text\",\"text\":\"echoed\"}]}");
                };
            default -> Fake2026HttpUpstream.Answer.result(request, "{}");
        });
        started.add(upstream[0]);
        McpClientUpstreams upstreams = start(UpstreamSettings.builder("up")
                .transport("http")
                .url(upstream[0].url().toString())
                .era(UpstreamSettings.Era.V2026_07_28)
                .breakerFailures(2)
                .breakerOpen(Duration.ofMinutes(5))
                .build());

        for (int i = 0; i < 3; i++) {
            refusedAsTheCallers(upstreams, "refuse", "Invalid arguments: no file 'a.txt' on (upstream) ((upstream))");
        }
        refusedAsTheCallers(upstreams, "nothing", "Method not found");
        assertThat(upstreams.call("up", "echo", Map.of()).error()).isFalse();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> upstreams.call("up", "fail", Map.of()))
                    .isInstanceOfSatisfying(UpstreamCallException.class, e -> {
                        assertThat(e.failure()).isEqualTo(UpstreamFailure.PROTOCOL_ERROR);
                        assertThat(e.upstreamMessage()).isEmpty();
                        assertThat(e.getMessage()).doesNotContain("db.internal", "hunter2");
                    });
        }

        assertThatThrownBy(() -> upstreams.call("up", "echo", Map.of()))
                .isInstanceOfSatisfying(
                        UpstreamCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(UpstreamFailure.CIRCUIT_OPEN));
        assertThat(calls("caller_error")).isEqualTo(4.0);
        assertThat(calls("protocol_error")).isEqualTo(2.0);
    }
}
