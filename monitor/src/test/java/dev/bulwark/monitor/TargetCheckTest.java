package dev.bulwark.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.monitor.FleetServers.Running;
import dev.bulwark.ports.time.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpTransportException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One check at a time, against a running Bulwark. */
class TargetCheckTest {

    @Test
    void repeatedChecksOfATargetShareItsHttpClientRatherThanPilingUpThreads() {
        try (Running open = FleetServers.bulwark()) {
            TargetCheck check = new TargetCheck(Clock.systemUTC(), Ticker.system(), "test");
            MonitorTarget target = MonitorTarget.builder("open").url(open.url()).build();
            assertThat(check.run(target).outcome()).isEqualTo(CheckOutcome.HEALTHY);
            long before = httpClientThreads();

            for (int i = 0; i < 20; i++) {
                assertThat(check.run(target).outcome()).isEqualTo(CheckOutcome.HEALTHY);
            }

            // A client per check held a selector and workers until the next collection: about 2 threads a check.
            assertThat(httpClientThreads()).isLessThan(before + 10);
        }
    }

    @Test
    void aCheckCutAtItsDeadlineStillEndsItsSessionOnTheServer() throws Exception {
        AtomicInteger deletes = new AtomicInteger();
        CountDownLatch probed = new CountDownLatch(1);
        ExecutorService monitorThread = Executors.newSingleThreadExecutor();
        try (Running hanging = FleetServers.hangingOnItsProbe(deletes, probed)) {
            MonitorTarget target = MonitorTarget.builder("hanging")
                    .url(hanging.url())
                    .timeout(Duration.ofMinutes(5))
                    .probeTool("probe")
                    .build();
            TargetCheck check = new TargetCheck(Clock.systemUTC(), Ticker.system(), "test");
            Future<CheckResult> running = monitorThread.submit(() -> check.run(target));
            assertThat(probed.await(30, TimeUnit.SECONDS))
                    .as("the probe's call reached the server")
                    .isTrue();

            // As the monitor cuts a check at its target's timeout: its thread is interrupted, here while its probe
            // call hangs (the probe is reached first, whatever the machine's speed)
            running.cancel(true);

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (deletes.get() == 0) {
                assertThat(System.nanoTime())
                        .as("the session was ended (DELETE)")
                        .isLessThan(deadline);
                Thread.sleep(20);
            }
        } finally {
            monitorThread.shutdownNow();
        }
    }

    @Test
    void aProbeCallAnsweredWithAnErrorIsAFailedProbeNotAProtocolError() {
        try (Running refusing = FleetServers.refusingItsProbe()) {
            TargetCheck check = new TargetCheck(Clock.systemUTC(), Ticker.system(), "test");
            MonitorTarget target = MonitorTarget.builder("fake")
                    .url(refusing.url())
                    .probeTool("probe")
                    .build();

            assertThat(check.run(target).outcome()).isEqualTo(CheckOutcome.PROBE_FAILED);
        }
    }

    @Test
    void aProbeRefusedByTheServersRateLimitIsReportedAsRateLimited() {
        try (Running open = FleetServers.bulwark()) {
            TargetCheck check = new TargetCheck(Clock.systemUTC(), Ticker.system(), "test");
            MonitorTarget target = MonitorTarget.builder("open")
                    .url(open.url())
                    .probeTool("scarce")
                    .build();

            assertThat(check.run(target).outcome()).isEqualTo(CheckOutcome.HEALTHY);
            assertThat(check.run(target).outcome()).isEqualTo(CheckOutcome.PROBE_RATE_LIMITED);
        }
    }

    @Test
    void checkingAServerWithoutSessionsAddsNoRefusedRequestToItsErrors() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Running stateless = FleetServers.statelessBulwark(registry)) {
            TargetCheck check = new TargetCheck(Clock.systemUTC(), Ticker.system(), "test");
            MonitorTarget target = MonitorTarget.builder("stateless")
                    .url(stateless.url())
                    .probeTool("ping")
                    .build();

            for (int i = 0; i < 3; i++) {
                assertThat(check.run(target).outcome()).isEqualTo(CheckOutcome.HEALTHY);
            }

            // A GET stream opened after initialize was answered 405, counted as http_method_not_allowed.
            assertThat(registry.find("mcp.errors").counters())
                    .allSatisfy(counter -> assertThat(counter.count())
                            .as(counter.getId().toString())
                            .isZero());
            assertThat(registry.find("mcp.requests").tag("method", "tools/call").counters())
                    .as("the checks reached the server")
                    .isNotEmpty();
        }
    }

    @Test
    void theProbesStructuredStatusSaysWhetherTheServerIsDegradedOrUnhealthy() {
        assertThat(TargetCheck.probeOutcome(answer(Map.of("status", "unhealthy"))))
                .isEqualTo(CheckOutcome.UNHEALTHY);
        assertThat(TargetCheck.probeOutcome(answer(Map.of("status", "Degraded"))))
                .isEqualTo(CheckOutcome.DEGRADED);
        assertThat(TargetCheck.probeOutcome(answer(Map.of("status", "healthy"))))
                .isEqualTo(CheckOutcome.HEALTHY);
        assertThat(TargetCheck.probeOutcome(answer(Map.of("status", 3)))).isEqualTo(CheckOutcome.HEALTHY);
        assertThat(TargetCheck.probeOutcome(
                        CallToolResult.builder().addTextContent("fine").build()))
                .isEqualTo(CheckOutcome.HEALTHY);
        assertThat(TargetCheck.probeOutcome(CallToolResult.builder()
                        .addTextContent("no")
                        .isError(true)
                        .structuredContent(Map.of("status", "healthy"))
                        .build()))
                .isEqualTo(CheckOutcome.PROBE_FAILED);
        assertThat(TargetCheck.probeOutcome(CallToolResult.builder()
                        .addTextContent("later")
                        .isError(true)
                        .meta(Map.of(TargetCheck.ERROR_TYPE, "rate_limited"))
                        .build()))
                .isEqualTo(CheckOutcome.PROBE_RATE_LIMITED);
    }

    private static CallToolResult answer(Map<String, Object> structured) {
        return CallToolResult.builder()
                .addTextContent("report")
                .structuredContent(structured)
                .build();
    }

    @Test
    void failuresAreClassifiedByTheExceptionsInTheirChain() {
        assertThat(TargetCheck.classify(new RuntimeException(new ConnectException("refused"))))
                .isEqualTo(CheckOutcome.UNREACHABLE);
        assertThat(TargetCheck.classify(new RuntimeException(new HttpConnectTimeoutException("connect"))))
                .isEqualTo(CheckOutcome.UNREACHABLE);
        assertThat(TargetCheck.classify(new RuntimeException(new HttpTimeoutException("request"))))
                .isEqualTo(CheckOutcome.TIMEOUT);
        assertThat(TargetCheck.classify(new RuntimeException(new TimeoutException())))
                .isEqualTo(CheckOutcome.TIMEOUT);
        assertThat(TargetCheck.classify(
                        McpError.builder(-32601).message("no such method").build()))
                .isEqualTo(CheckOutcome.PROTOCOL_ERROR);
        assertThat(TargetCheck.classify(new McpTransportException("HTTP 502"))).isEqualTo(CheckOutcome.HTTP_ERROR);
    }

    private static long httpClientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("HttpClient-"))
                .count();
    }
}
