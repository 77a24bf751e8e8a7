package dev.bulwark.bootstrap.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.presentation.pipeline.ResultMeta;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.redis.DeadPort;
import dev.bulwark.test.TestCallContext;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A collector that cannot be reached costs no tool call: with the exporter pointed at a closed port, or at a server
 * that accepts connections and never answers, every call succeeds, and the spans the exporter holds stay within the
 * batch processor's bounded queue (the rest are dropped, never waited for).
 */
class UnreachableCollectorTest {

    record Input(@ToolParam(description = "n") int n) {}

    record Output(int n) {}

    private static final int CALLS = 300;
    private static final int QUEUE = 16;
    private static final int BATCH = 8;

    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
    private final AtomicInteger spansHandedToExporter = new AtomicInteger();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private OtlpTracing tracingTo(String endpoint) {
        OtlpTracing tracing = OtlpTracing.start(
                endpoint,
                "unreachable-test",
                Map.of(
                        "otel.bsp.max.queue.size", String.valueOf(QUEUE),
                        "otel.bsp.max.export.batch.size", String.valueOf(BATCH),
                        "otel.bsp.schedule.delay", "1",
                        "otel.bsp.export.timeout", "600000",
                        "otel.exporter.otlp.timeout", "600000"),
                CountingExporter::new);
        resources.add(0, tracing);
        return tracing;
    }

    /** Runs {@link #CALLS} tool calls through the real pipeline; each must succeed. */
    private void callsSucceed(OtlpTracing tracing) {
        Tool<Input, Output> echo = Tool.builder("echo", Input.class, Output.class)
                .description("Echoes n")
                .handler((input, context) -> ToolResult.of(new Output(input.n()), String.valueOf(input.n())))
                .build();
        Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .tool(echo)
                .openTelemetry(tracing.openTelemetry())
                .build();
        resources.add(0, bulwark);
        for (int n = 0; n < CALLS; n++) {
            Principal caller = Principal.of("tester-" + n, Principal.ALL_SCOPES); // each within its rate limit
            var result = bulwark.call(
                    echo,
                    Map.of("n", n),
                    new TestCallContext(caller, UUID.randomUUID().toString(), "echo"));
            assertThat(ResultMeta.isError(result)).as("call %s", n).isFalse();
        }
    }

    @Test
    void aClosedPortCostsNoToolCall() {
        DeadPort closed = new DeadPort(); // held until the test ends: nothing can start answering on it
        resources.add(closed);

        callsSucceed(tracingTo("http://127.0.0.1:" + closed.port()));
    }

    @Test
    void aCollectorThatNeverAnswersCostsNoToolCallAndTheQueueStaysBounded() throws Exception {
        ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(blackHole.accept()); // and never read nor answer
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        resources.add(() -> {
            blackHole.close();
            for (Socket socket : accepted) {
                socket.close();
            }
        });

        callsSucceed(tracingTo("http://127.0.0.1:" + blackHole.getLocalPort()));

        // Each call made several spans (tool call, rate limit, validation): far more than the queue holds. The one
        // export in flight waits for an answer that never comes, so nothing more reaches the exporter; the rest
        // waited in the bounded queue or were dropped.
        Instant deadline = Instant.now().plusSeconds(30);
        while (spansHandedToExporter.get() == 0) {
            assertThat(Instant.now()).as("the first export started").isBefore(deadline);
            Thread.sleep(10);
        }
        assertThat(spansHandedToExporter.get()).isLessThanOrEqualTo(BATCH);
    }

    /** Counts the spans handed to the real exporter, then exports them through it. */
    private final class CountingExporter implements SpanExporter {
        private final SpanExporter delegate;

        CountingExporter(SpanExporter delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            spansHandedToExporter.addAndGet(spans.size());
            return delegate.export(spans);
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }
    }
}
