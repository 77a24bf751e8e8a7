package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.bootstrap.tracing.OtlpReceiver;
import dev.bulwark.bootstrap.tracing.OtlpReceiver.ReceivedSpan;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built server jar, tracing turned on by {@code OTEL_EXPORTER_OTLP_ENDPOINT} alone: a call over HTTP with the
 * client's {@code traceparent} reaches a tiny OTLP/HTTP receiver as the client's trace, and the call's JSON log lines
 * on stderr (the diagnostic line and the audit line) carry its trace id.
 */
class TracingEndToEndIT {

    private static final String CLIENT_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String CLIENT_SPAN = "b7ad6b7169203331";

    @TempDir
    Path workDir;

    private final OtlpReceiver collector = new OtlpReceiver();
    private HttpServerProcess server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        collector.close();
    }

    private HttpResponse<String> call(String arguments) {
        return server.post(
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":"
                        + "\"process_data\",\"arguments\":" + arguments + "}}",
                Map.of(
                        "MCP-Protocol-Version",
                        "2025-11-25",
                        "traceparent",
                        "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01"));
    }

    private ReceivedSpan received(String what, Predicate<ReceivedSpan> matches) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            Optional<ReceivedSpan> found =
                    collector.spans().stream().filter(matches).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            assertThat(Instant.now())
                    .as(
                            "the collector received %s; it has %s",
                            what,
                            collector.spans().stream().map(ReceivedSpan::name).toList())
                    .isBefore(deadline);
            HttpServerProcess.sleep(50);
        }
    }

    /** Stderr's lines once it holds {@code auditLines} audit lines of the calls (the log writer is asynchronous). */
    private List<String> logLines(int auditLines) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            List<String> lines = server.stderrText().lines().toList();
            long audit = lines.stream()
                    .filter(line -> line.contains("\"logger\":\"dev.bulwark.audit\"") && line.contains("process_data"))
                    .count();
            if (audit >= auditLines) {
                return lines;
            }
            assertThat(Instant.now()).as("%s audit lines on stderr", auditLines).isBefore(deadline);
            HttpServerProcess.sleep(50);
        }
    }

    @Test
    void theServerJarExportsTheClientsTraceAndLogsItsIds() throws Exception {
        server = HttpServerProcess.start(
                workDir,
                Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        collector.endpoint(),
                        "OTEL_SERVICE_NAME",
                        "bulwark-it",
                        // The SDK's own setting: its batch goes out every 100 ms, not every 5 s, so the test does
                        // not wait a tick for the spans it checks.
                        "OTEL_BSP_SCHEDULE_DELAY",
                        "100"),
                "--http-mode",
                "stateless");

        HttpResponse<String> ok = call("{\"data\":{\"n\":1},\"operation\":\"analyze\"}");
        HttpResponse<String> refused = call("{\"data\":{\"n\":1},\"operation\":\"no-such-operation\"}");

        assertThat(ok.body()).doesNotContain("\"isError\":true");
        assertThat(refused.body()).contains("\"isError\":true");
        ReceivedSpan request =
                received("the MCP request span", span -> span.name().equals("tools/call process_data"));
        assertThat(request.service()).isEqualTo("bulwark-it");
        assertThat(request.traceId()).isEqualTo(CLIENT_TRACE);
        assertThat(request.parentSpanId()).isEqualTo(CLIENT_SPAN);
        ReceivedSpan toolCall = received(
                "the tool call span",
                span -> span.name().equals("execute_tool process_data")
                        && span.parentSpanId().equals(request.spanId()));
        assertThat(toolCall.traceId()).isEqualTo(CLIENT_TRACE);

        List<String> lines = logLines(2);
        assertThat(lines)
                .as("the start line says tracing is on")
                .anySatisfy(line -> assertThat(line).contains("Bulwark server").contains("\"tracing\":\"otlp\""));
        assertThat(lines)
                .as("the refused call's diagnostic line")
                .anySatisfy(line -> assertThat(line)
                        .contains("\"logger\":\"dev.bulwark.calls\"")
                        .contains("\"trace_id\":\"" + CLIENT_TRACE + "\""));
        List<String> audit = lines.stream()
                .filter(line -> line.contains("\"logger\":\"dev.bulwark.audit\"") && line.contains("process_data"))
                .toList();
        assertThat(audit).hasSize(2).allSatisfy(line -> {
            assertThat(line).contains("\"trace_id\":\"" + CLIENT_TRACE + "\"");
            assertThat(line.indexOf("\"trace_id\"")).as("the id once").isEqualTo(line.lastIndexOf("\"trace_id\""));
        });
    }
}
