package dev.bulwark.outbound;

import static dev.bulwark.outbound.FakeService.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.ports.outbound.ServiceRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every request to a registered service is a client span, and carries the trace on to the service. */
class OutboundTracingTest {

    private final FakeService upstream = FakeService.start();
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private OutboundServices services;

    @AfterEach
    void stop() {
        if (services != null) {
            services.close();
        }
        upstream.close();
        openTelemetry.close();
    }

    private void register() {
        services = OutboundServices.builder()
                .openTelemetry(openTelemetry)
                .service(ServiceSettings.builder("orders")
                        .baseUrl(upstream.baseUrl())
                        .description("Orders")
                        .timeout(Duration.ofSeconds(60))
                        .methods(EnumSet.allOf(HttpMethod.class))
                        .retries(1)
                        .retryDelay(Duration.ofMillis(10))
                        .retryMaxDelay(Duration.ofMillis(20))
                        .build())
                .build();
    }

    @Test
    void eachAttemptIsAClientSpanWhoseContextTheServiceReceives() {
        upstream.on("GET orders/42", json(503, "{}"), json(200, "{\"id\":42}"));
        register();
        Span caller = openTelemetry.getTracer("test").spanBuilder("caller").startSpan();

        try (Scope ignored = caller.makeCurrent()) {
            assertThat(services.send(ServiceRequest.of("orders", HttpMethod.GET, "/orders/42"))
                            .status())
                    .isEqualTo(200);
        } finally {
            caller.end();
        }

        List<SpanData> attempts = spans.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.CLIENT)
                .toList();
        assertThat(attempts).hasSize(2).allSatisfy(span -> {
            assertThat(span.getName()).isEqualTo("GET");
            assertThat(span.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
            assertThat(span.getAttributes().get(AttributeKey.stringKey("bulwark.service")))
                    .isEqualTo("orders");
        });
        assertThat(attempts.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(attempts.get(0).getAttributes().get(AttributeKey.longKey("http.response.status_code")))
                .isEqualTo(503L);
        assertThat(attempts.get(1).getAttributes().get(AttributeKey.longKey("http.response.status_code")))
                .isEqualTo(200L);
        List<FakeService.Recorded> received = upstream.requests();
        assertThat(received).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(received.get(i).headers().get("traceparent"))
                    .startsWith("00-" + caller.getSpanContext().getTraceId() + "-"
                            + attempts.get(i).getSpanId() + "-");
        }
    }

    @Test
    void withoutOpenTelemetryNoTraceHeaderIsSent() {
        upstream.on("GET orders/42", json(200, "{\"id\":42}"));
        services = OutboundServices.builder()
                .service(ServiceSettings.builder("orders")
                        .baseUrl(upstream.baseUrl())
                        .description("Orders")
                        .build())
                .build();

        services.send(ServiceRequest.of("orders", HttpMethod.GET, "/orders/42"));

        assertThat(upstream.requests().get(0).headers()).doesNotContainKey("traceparent");
    }
}
