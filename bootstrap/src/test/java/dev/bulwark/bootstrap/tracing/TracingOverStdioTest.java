package dev.bulwark.bootstrap.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.config.TracingSettings;
import dev.bulwark.bootstrap.tracing.OtlpReceiver.ReceivedSpan;
import dev.bulwark.bootstrap.wiring.DaggerServerComponent;
import dev.bulwark.bootstrap.wiring.ServerComponent;
import dev.bulwark.serve.BulwarkStdio;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Trace context over stdio, where there are no headers: a client puts its {@code traceparent} in the request's
 * {@code _meta} (the MCP convention), and the server, wired as the server jar wires it, exports the call's spans under
 * the client's span to a tiny OTLP/HTTP receiver.
 */
class TracingOverStdioTest {

    private static final String CLIENT_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String CLIENT_SPAN = "b7ad6b7169203331";

    private final OtlpReceiver collector = new OtlpReceiver();
    private ServerComponent component;
    private BulwarkStdio stdio;
    private OutputStream toServer;

    @AfterEach
    void stop() throws IOException {
        if (toServer != null) {
            toServer.close();
        }
        if (stdio != null) {
            stdio.close();
        }
        if (component != null) {
            component.bulwark().close();
            component.outboundServices().close();
            component.database().close();
            component.tracing().close();
        }
        collector.close();
    }

    @Test
    void aCallWhoseMetaCarriesATraceparentIsTracedUnderTheClientsSpan() throws Exception {
        BufferedReader answers = startTracedServer();
        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"process_data\","
                + "\"arguments\":{\"data\":{\"name\":\"Ada\"},\"operation\":\"transform\"},"
                + "\"_meta\":{\"traceparent\":\"00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01\"}}}");
        assertThat(awaitAnswer(answers, 2)).doesNotContain("\"isError\":true");

        ReceivedSpan request = received("tools/call process_data");
        assertThat(request.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
        assertThat(request.traceId()).isEqualTo(CLIENT_TRACE);
        assertThat(request.parentSpanId()).isEqualTo(CLIENT_SPAN);
        assertThat(request.service()).isEqualTo("bulwark-stdio");
        ReceivedSpan toolCall = received("execute_tool process_data");
        assertThat(toolCall.traceId()).isEqualTo(CLIENT_TRACE);
        assertThat(toolCall.parentSpanId()).isEqualTo(request.spanId());
    }

    @Test
    void theRequestsTheSdkAnswersItselfAreServerSpansToo() throws Exception {
        BufferedReader answers = startTracedServer();
        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{" + "\"_meta\":{\"traceparent\":\"00-"
                + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01\"}}}");
        awaitAnswer(answers, 2);
        send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/get\",\"params\":{\"name\":\"nope\"}}");
        awaitAnswer(answers, 3);

        ReceivedSpan list = received("tools/list");
        assertThat(list.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
        assertThat(list.traceId()).isEqualTo(CLIENT_TRACE);
        assertThat(list.parentSpanId()).isEqualTo(CLIENT_SPAN);
        assertThat(list.attribute("mcp.method.name")).isEqualTo("tools/list");
        assertThat(list.attribute("jsonrpc.request.id")).isEqualTo("2");
        assertThat(list.attribute("mcp.session.id")).isNotBlank();
        assertThat(received("initialize").attribute("jsonrpc.request.id")).isEqualTo("1");
    }

    /** Starts the server as the jar wires it, exporting to the collector, over pipes; initializes its session. */
    private BufferedReader startTracedServer() throws IOException {
        ServerConfig config = ServerConfig.defaults().toBuilder()
                .tracing(new TracingSettings(Optional.of(collector.endpoint()), Optional.of("bulwark-stdio")))
                .build();
        component = DaggerServerComponent.factory().create(config);
        Pipe serverInPipe = Pipe.open();
        InputStream serverIn = Channels.newInputStream(serverInPipe.source());
        toServer = Channels.newOutputStream(serverInPipe.sink());
        Pipe fromServerPipe = Pipe.open();
        InputStream fromServer = Channels.newInputStream(fromServerPipe.source());
        stdio = BulwarkStdio.start(component.bulwark(), serverIn, Channels.newOutputStream(fromServerPipe.sink()));
        BufferedReader answers = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8));
        initialize(answers);
        return answers;
    }

    private void initialize(BufferedReader answers) throws IOException {
        send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"trace-test\",\"version\":\"1\"}}}");
        awaitAnswer(answers, 1);
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    private void send(String line) throws IOException {
        toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        toServer.flush();
    }

    /** Reads answer lines until the one with {@code id}; the server answers within the tool's timeout. */
    private static String awaitAnswer(BufferedReader answers, int id) throws IOException {
        for (String line = answers.readLine(); line != null; line = answers.readLine()) {
            if (line.startsWith("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",")) {
                return line;
            }
        }
        throw new AssertionError("the server closed stdout before answering request " + id);
    }

    /** Waits, with a generous deadline, until the collector has the span named {@code name}. */
    private ReceivedSpan received(String name) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            exportEndedSpans();
            Optional<ReceivedSpan> found = collector.spans().stream()
                    .filter(span -> span.name().equals(name))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            assertThat(Instant.now())
                    .as(
                            "the collector received %s; it has %s",
                            name,
                            collector.spans().stream().map(ReceivedSpan::name).toList())
                    .isBefore(deadline);
            Thread.sleep(50);
        }
    }

    /**
     * Hands the spans ended so far to the exporter now: the batch processor would otherwise send them at its next
     * tick, 5 s apart, and each wait here would last that tick.
     */
    private void exportEndedSpans() {
        ((OpenTelemetrySdk) component.tracing().openTelemetry())
                .getSdkTracerProvider()
                .forceFlush()
                .join(30, TimeUnit.SECONDS);
    }
}
