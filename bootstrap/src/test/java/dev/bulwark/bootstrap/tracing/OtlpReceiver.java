package dev.bulwark.bootstrap.tracing;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A tiny OTLP/HTTP trace receiver for tests: Jetty on a free loopback port, {@code POST /v1/traces} bodies decoded
 * with the {@code opentelemetry-proto} classes, every span kept with its resource's {@code service.name}.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** One received span, ids in lower-case hex as in a {@code traceparent}. */
    public record ReceivedSpan(
            String service,
            String name,
            Span.SpanKind kind,
            String traceId,
            String spanId,
            String parentSpanId,
            Span span) {

        public String attribute(String key) {
            return span.getAttributesList().stream()
                    .filter(a -> a.getKey().equals(key))
                    .findFirst()
                    .map(a -> a.getValue().hasStringValue()
                            ? a.getValue().getStringValue()
                            : String.valueOf(a.getValue().getIntValue()))
                    .orElse(null);
        }
    }

    private final Server server = new Server();
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

    public OtlpReceiver() {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (!"POST".equals(request.getMethod())
                        || !request.getHttpURI().getPath().equals("/v1/traces")) {
                    response.setStatus(404);
                    callback.succeeded();
                    return true;
                }
                ByteBuffer body = Content.Source.asByteBuffer(request);
                byte[] bytes = new byte[body.remaining()];
                body.get(bytes);
                receive(ExportTraceServiceRequest.parseFrom(bytes));
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-protobuf");
                response.write(
                        true,
                        ByteBuffer.wrap(
                                ExportTraceServiceResponse.getDefaultInstance().toByteArray()),
                        callback);
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the OTLP receiver did not start", e);
        }
    }

    private void receive(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(a -> a.getKey().equals("service.name"))
                    .findFirst()
                    .map(a -> a.getValue().getStringValue())
                    .orElse(null);
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    spans.add(new ReceivedSpan(
                            service,
                            span.getName(),
                            span.getKind(),
                            hex.formatHex(span.getTraceId().toByteArray()),
                            hex.formatHex(span.getSpanId().toByteArray()),
                            hex.formatHex(span.getParentSpanId().toByteArray()),
                            span));
                }
            }
        }
    }

    /** The collector's base URL, as {@code OTEL_EXPORTER_OTLP_ENDPOINT} takes it. */
    public String endpoint() {
        return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public List<ReceivedSpan> spans() {
        return new ArrayList<>(spans);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the OTLP receiver did not stop", e);
        }
    }
}
