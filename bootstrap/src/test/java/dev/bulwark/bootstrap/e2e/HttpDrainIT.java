package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.bootstrap.SlowToolHttpServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful drain on SIGTERM, on the real launcher: readiness fails at once, new requests get 503, the call in
 * flight completes and is answered (or, still running when the grace ends, is answered as cut off), and the process
 * ends with status 0.
 */
class HttpDrainIT {

    @TempDir
    Path workDir;

    @Test
    void sigtermLetsTheCallInFlightCompleteRefusesNewOnesAndExitsZero() throws Exception {
        try (HttpServerProcess server = HttpServerProcess.startMain(workDir, SlowToolHttpServer.class, Map.of())) {
            String session =
                    server.initialize().headers().firstValue("Mcp-Session-Id").orElseThrow();
            server.post(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                    Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25"));
            CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> server.post(
                    "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\","
                            + "\"arguments\":{\"millis\":4000}}}",
                    Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25")));
            awaitInFlight(server);

            server.process.toHandle().destroy(); // SIGTERM
            int ready = awaitNotReady(server);
            HttpResponse<String> refused = server.post(
                    "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/list\"}",
                    Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25"));
            HttpResponse<String> newSession = server.initialize();
            HttpResponse<String> completed = slow.get(30, TimeUnit.SECONDS);

            assertThat(ready).isEqualTo(503);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("\"jsonrpc\":\"2.0\"", "shutting down");
            assertThat(newSession.statusCode()).isEqualTo(503);
            assertThat(completed.statusCode()).isEqualTo(200);
            assertThat(completed.body()).contains("slow done").doesNotContain("\"isError\":true");
            assertThat(server.process.waitFor(40, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process.exitValue()).isZero();
            assertThat(server.stderrText()).contains("draining", "Bulwark server stopped");
        }
    }

    @Test
    void aCallStillRunningWhenTheDrainGraceEndsIsAnsweredAsCutOffAndTheProcessExitsZero() throws Exception {
        try (HttpServerProcess server =
                HttpServerProcess.startMain(workDir, SlowToolHttpServer.class, Map.of(), "--drain-grace", "2s")) {
            CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> server.post(
                    "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\","
                            + "\"arguments\":{\"millis\":6000},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":"
                            + "\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}",
                    Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "slow")));
            awaitInFlight(server);

            server.process.toHandle().destroy(); // SIGTERM
            HttpResponse<String> cutOff = slow.get(30, TimeUnit.SECONDS);

            assertThat(cutOff.statusCode()).isEqualTo(200);
            assertThat(cutOff.body())
                    .contains("\"id\":9", "-32000", "it was cut off", "may have run")
                    .doesNotContain("\"result\"");
            assertThat(server.process.waitFor(40, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process.exitValue()).isZero();
            assertThat(server.stderrText()).contains("answered as cut off");
        }
    }

    /** Waits until the tool call is running: the pipeline's in-flight gauge shows it. */
    private static void awaitInFlight(HttpServerProcess server) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (server.get(server.operations("/metrics")).body().contains("mcp_inflight_requests 1.0")) {
                return;
            }
            HttpServerProcess.sleep(50);
        }
        throw new AssertionError("The slow call never showed as in flight");
    }

    private static int awaitNotReady(HttpServerProcess server) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status = server.get(server.operations("/ready")).statusCode();
        while (status == 200 && System.nanoTime() < deadline) {
            HttpServerProcess.sleep(20);
            status = server.get(server.operations("/ready")).statusCode();
        }
        return status;
    }
}
