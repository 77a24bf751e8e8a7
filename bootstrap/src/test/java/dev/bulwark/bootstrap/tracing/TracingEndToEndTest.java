package dev.bulwark.bootstrap.tracing;

import static dev.bulwark.outbound.FakeService.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.config.TracingSettings;
import dev.bulwark.bootstrap.tracing.OtlpReceiver.ReceivedSpan;
import dev.bulwark.bootstrap.wiring.DaggerServerComponent;
import dev.bulwark.bootstrap.wiring.HttpServing;
import dev.bulwark.bootstrap.wiring.ServerComponent;
import dev.bulwark.http.HttpMode;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.outbound.FakeService;
import dev.bulwark.outbound.ServiceSettings;
import dev.bulwark.redis.EmbeddedRedis;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisSettings;
import dev.bulwark.serve.BulwarkHttp;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path over real HTTP: a client sends tool calls with its own {@code traceparent}, the server (wired as
 * the server jar wires it, tracing configured with the collector's endpoint) calls Redis, the database and a
 * registered HTTP service, and a tiny OTLP/HTTP receiver gets one connected trace per call: client parent → MCP
 * request → tool call → the Redis, JDBC and HTTP client spans.
 */
class TracingEndToEndTest {

    private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";

    private final OtlpReceiver collector = new OtlpReceiver();
    private final EmbeddedRedis redis = EmbeddedRedis.start();
    private final FakeService orders = FakeService.start();
    private final HttpClient client = HttpClient.newHttpClient();
    private ServerComponent component;
    private BulwarkHttp http;

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        if (component != null) {
            component.bulwark().close();
            component.outboundServices().close();
            component.redisConnection().ifPresent(RedisConnection::close);
            component.database().close();
            component.tracing().close();
        }
        orders.close();
        redis.close();
        collector.close();
    }

    private void startServer() {
        ServerConfig defaults = ServerConfig.defaults();
        ServerConfig config = defaults.toBuilder()
                .http(HttpSettings.builder()
                        .mode(HttpMode.STATELESS)
                        .port(0)
                        .managementPort(0)
                        .scopes(Set.of("*"))
                        .build())
                .redis(RedisSettings.builder().url(redis.url()).build())
                .outbound(defaults.outbound()
                        .withServices(List.of(ServiceSettings.builder("orders")
                                .baseUrl(orders.baseUrl())
                                .build())))
                .tracing(new TracingSettings(Optional.of(collector.endpoint()), Optional.of("bulwark-e2e")))
                .build();
        component = DaggerServerComponent.factory().create(config);
        http = HttpServing.start(config, component.bulwark());
    }

    /** One {@code tools/call} over HTTP, as a client in trace {@link #CLIENT_TRACE} sends it; the response body. */
    private String call(int id, String tool, String arguments) throws Exception {
        String body = send(id, "tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}");
        assertThat(body).as(tool).doesNotContain("\"isError\":true");
        return body;
    }

    /** One request over HTTP, as a client in trace {@link #CLIENT_TRACE} sends it; the response body. */
    private String send(int id, String method, String params) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-11-25")
                .header("traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\""
                        + method + "\",\"params\":" + params + "}"))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** Waits, with a generous deadline, until the collector has a span that {@code matches}; returns it. */
    private ReceivedSpan received(String what, Predicate<ReceivedSpan> matches) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            exportEndedSpans();
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
            Thread.sleep(50);
        }
    }

    /** The tool call span of {@code tool}, after checking its MCP request span's place under the client's span. */
    private ReceivedSpan toolSpanOf(String tool) throws InterruptedException {
        ReceivedSpan request =
                received("tools/call " + tool, span -> span.name().equals("tools/call " + tool));
        assertThat(request.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
        assertThat(request.traceId()).isEqualTo(CLIENT_TRACE);
        assertThat(request.parentSpanId()).isEqualTo(CLIENT_SPAN);
        assertThat(request.service()).isEqualTo("bulwark-e2e");
        assertThat(request.attribute("mcp.method.name")).isEqualTo("tools/call");
        assertThat(request.attribute("gen_ai.tool.name")).isEqualTo(tool);
        ReceivedSpan toolCall =
                received("execute_tool " + tool, span -> span.name().equals("execute_tool " + tool));
        assertThat(toolCall.traceId()).isEqualTo(CLIENT_TRACE);
        assertThat(toolCall.parentSpanId()).isEqualTo(request.spanId());
        return toolCall;
    }

    /** Whether {@code span} descends from {@code ancestor}, through the spans the collector received. */
    private boolean descendsFrom(ReceivedSpan span, ReceivedSpan ancestor) {
        List<ReceivedSpan> all = collector.spans();
        String parent = span.parentSpanId();
        for (int depth = 0; depth < 10 && !parent.isEmpty(); depth++) {
            if (parent.equals(ancestor.spanId())) {
                return true;
            }
            String current = parent;
            parent = all.stream()
                    .filter(s -> s.spanId().equals(current))
                    .findFirst()
                    .map(ReceivedSpan::parentSpanId)
                    .orElse("");
        }
        return false;
    }

    @Test
    void aCallOverHttpProducesAConnectedTraceFromTheClientsParentToRedisJdbcAndHttpSpans() throws Exception {
        orders.on("GET orders/42", json(200, "{\"id\":42}"));
        startServer();

        call(1, "process_data", "{\"data\":{\"name\":\"Ada\"},\"operation\":\"transform\"}");
        call(2, "list_users", "{}");
        call(3, "api_request", "{\"service\":\"orders\",\"method\":\"GET\",\"path\":\"/orders/42\"}");

        ReceivedSpan processData = toolSpanOf("process_data");
        ReceivedSpan redisCall = received(
                "a Redis span of process_data",
                span -> "redis".equals(span.attribute("db.system.name"))
                        && span.traceId().equals(CLIENT_TRACE)
                        && descendsFrom(span, processData));
        assertThat(redisCall.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);

        ReceivedSpan listUsers = toolSpanOf("list_users");
        ReceivedSpan jdbc = received(
                "a JDBC span of list_users",
                span -> span.attribute("db.system.name") != null
                        && !"redis".equals(span.attribute("db.system.name"))
                        && span.parentSpanId().equals(listUsers.spanId()));
        assertThat(jdbc.name()).isEqualTo("SELECT bulwark.users");
        assertThat(jdbc.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);

        ReceivedSpan apiRequest = toolSpanOf("api_request");
        ReceivedSpan outbound = received(
                "an HTTP span of api_request",
                span -> "orders".equals(span.attribute("bulwark.service"))
                        && span.parentSpanId().equals(apiRequest.spanId()));
        assertThat(outbound.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
        assertThat(orders.requests())
                .anySatisfy(sent -> assertThat(sent.headers().get("traceparent"))
                        .startsWith("00-" + CLIENT_TRACE + "-" + outbound.spanId() + "-"));

        // A request the SDK answers, whose _meta names another trace than its headers: _meta wins.
        String metaTrace = "5bf92f3577b34da6a3ce929d0e0e4737";
        send(4, "tools/list", "{\"_meta\":{\"traceparent\":\"00-" + metaTrace + "-" + CLIENT_SPAN + "-01\"}}");
        ReceivedSpan list = received("tools/list", span -> span.name().equals("tools/list"));
        assertThat(list.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
        assertThat(list.traceId()).isEqualTo(metaTrace);
        assertThat(list.attribute("jsonrpc.request.id")).isEqualTo("4");
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
