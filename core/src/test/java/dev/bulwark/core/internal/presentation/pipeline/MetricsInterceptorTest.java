package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echo;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echoArgs;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.errorResult;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.invocation;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.textResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ToolTimeoutException;
import dev.bulwark.test.fakes.ManualTicker;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Every call is counted and timed under the seeds' names and the OpenTelemetry MCP conventions. */
class MetricsInterceptorTest {

    private static final Duration CALL_TIME = Duration.ofMillis(250);

    private final ManualTicker ticker = new ManualTicker();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MetricsInterceptor interceptor = new MetricsInterceptor(registry, ticker);

    private CallToolResult succeed() {
        return SyncCalls.run(interceptor, invocation(echo(), echoArgs("x")), inv -> {
            ticker.advance(CALL_TIME);
            return textResult("ok");
        });
    }

    private void failWithTimeout() {
        assertThatThrownBy(() -> SyncCalls.run(interceptor, invocation(echo(), echoArgs("x")), inv -> {
                    ticker.advance(CALL_TIME);
                    throw new ToolTimeoutException("echo", Duration.ofSeconds(1));
                }))
                .isInstanceOf(ToolTimeoutException.class);
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void countsASuccessfulToolCall() {
        succeed();

        assertThat(counter("mcp.tool.calls", "tool", "echo", "outcome", "success"))
                .isEqualTo(1.0);
    }

    @Test
    void countsASuccessfulRequest() {
        succeed();

        assertThat(counter("mcp.requests", "method", "tools/call", "status", "ok"))
                .isEqualTo(1.0);
    }

    @Test
    void recordsNoErrorForASuccessfulCall() {
        succeed();

        assertThat(registry.find("mcp.errors").counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    @Test
    void registersTheErrorTypesAtZeroBeforeAnyCall() {
        assertThat(registry.find("mcp.errors").counters())
                .extracting(counter -> counter.getId().getTag("error_type"))
                .containsExactlyInAnyOrderElementsOf(ErrorTypes.KNOWN);
        assertThat(registry.find("mcp.errors").counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    @Test
    void timesTheRequestOnTheInjectedTicker() {
        succeed();

        Timer timer =
                registry.get("mcp.request.duration").tag("method", "tools/call").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250.0);
    }

    @Test
    void timesTheOperationWithTheOpenTelemetryTags() {
        succeed();

        Timer timer = registry.get("mcp.server.operation.duration")
                .tags("mcp.method.name", "tools/call", "gen_ai.tool.name", "echo", "error.type", "none")
                .timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250.0);
    }

    @Test
    void countsAFailedCallByOutcomeAndErrorType() {
        failWithTimeout();

        assertThat(counter("mcp.tool.calls", "tool", "echo", "outcome", "error"))
                .isEqualTo(1.0);
        assertThat(counter("mcp.requests", "method", "tools/call", "status", "error"))
                .isEqualTo(1.0);
        assertThat(counter("mcp.errors", "error_type", "timeout")).isEqualTo(1.0);
    }

    @Test
    void countsACancelledCallAsCancelledAndNotAsAnError() {
        SyncCalls.run(
                interceptor,
                invocation(echo(), echoArgs("x")),
                inv -> ErrorMappingInterceptor.toResult(inv, new dev.bulwark.core.ToolCancelledException("echo")));

        assertThat(counter("mcp.tool.calls", "tool", "echo", "outcome", "cancelled"))
                .isEqualTo(1.0);
        assertThat(counter("mcp.requests", "method", "tools/call", "status", "cancelled"))
                .isEqualTo(1.0);
        // mcp.errors exists at zero for every known error type (dashboards); none counts the cancelled call
        assertThat(registry.find("mcp.errors").counters())
                .allSatisfy(errors -> assertThat(errors.count()).isZero());
        assertThat(registry.find("mcp.errors").tag("error_type", "cancelled").counters())
                .isEmpty();
        assertThat(registry.get("mcp.server.operation.duration")
                        .tags("error.type", "cancelled")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void timesAFailedOperationWithItsErrorType() {
        failWithTimeout();

        Timer timer = registry.get("mcp.server.operation.duration")
                .tags("gen_ai.tool.name", "echo", "error.type", "timeout")
                .timer();
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250.0);
    }

    @Test
    void countsAnErrorResultTheHandlerReturnedAsToolError() {
        SyncCalls.run(interceptor, invocation(echo(), echoArgs("x")), inv -> errorResult("not found"));

        assertThat(counter("mcp.errors", "error_type", "tool_error")).isEqualTo(1.0);
        assertThat(counter("mcp.tool.calls", "tool", "echo", "outcome", "error"))
                .isEqualTo(1.0);
    }

    @Test
    void countsAnUnexpectedFailureAsInternal() {
        assertThatThrownBy(() -> SyncCalls.run(interceptor, invocation(echo(), echoArgs("x")), inv -> {
                    throw new IllegalStateException("boom");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(counter("mcp.errors", "error_type", "internal")).isEqualTo(1.0);
    }

    @Test
    void reportsTheCallAsInFlightOnlyWhileItRuns() {
        AtomicReference<Double> during = new AtomicReference<>();

        SyncCalls.run(interceptor, invocation(echo(), echoArgs("x")), inv -> {
            during.set(registry.get("mcp.inflight.requests").gauge().value());
            return textResult("ok");
        });

        assertThat(during.get()).isEqualTo(1.0);
        assertThat(registry.get("mcp.inflight.requests").gauge().value()).isZero();
    }

    @Test
    void serversOnOneRegistryCountTheirCallsInFlightInOneGauge() {
        MetricsInterceptor second = new MetricsInterceptor(registry, ticker);
        AtomicReference<Double> during = new AtomicReference<>();

        SyncCalls.run(interceptor, invocation(echo(), echoArgs("x")), outer -> {
            SyncCalls.run(second, invocation(echo(), echoArgs("y")), inner -> {
                during.set(registry.get("mcp.inflight.requests").gauge().value());
                return textResult("ok");
            });
            return textResult("ok");
        });

        assertThat(during.get()).as("one call of each server").isEqualTo(2.0);
        assertThat(registry.find("mcp.inflight.requests").gauges()).hasSize(1);
    }

    @Test
    void aRegistryClearedOfItsMetersGetsTheGaugeBackWithTheNextServer() {
        registry.clear();

        new MetricsInterceptor(registry, ticker);

        assertThat(registry.get("mcp.inflight.requests").gauge().value()).isZero();
    }
}
