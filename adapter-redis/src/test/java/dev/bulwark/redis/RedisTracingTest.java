package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.ratelimit.RateLimit;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every Redis call of the adapter is a client span under the caller's span, against a real Redis. */
class RedisTracingTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();
    private EmbeddedRedis server;
    private RedisConnection connection;

    @AfterEach
    void stop() {
        if (connection != null) {
            connection.close();
        }
        if (server != null) {
            server.close();
        }
        openTelemetry.close();
    }

    private RedisConnection connect(String url) {
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url(url)
                        .operationTimeout(Duration.ofSeconds(30))
                        .breakerFailureThreshold(100)
                        .build())
                .openTelemetry(openTelemetry)
                .build();
        return connection;
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    @Test
    void cacheAndRateLimitCallsAreClientSpansUnderTheCallersSpan() {
        server = EmbeddedRedis.start();
        RedisConnection redis = connect(server.url());
        RedisCacheStore cache = new RedisCacheStore(redis);
        RedisRateLimitStore limits = new RedisRateLimitStore(redis);
        Span caller = openTelemetry.getTracer("test").spanBuilder("caller").startSpan();

        try (Scope ignored = caller.makeCurrent()) {
            cache.put("k", "v", Duration.ofMinutes(1));
            assertThat(cache.get("k")).contains("v");
            cache.invalidate("k");
            limits.tryAcquire("p:t", RateLimit.perMinute(10));
        } finally {
            caller.end();
        }

        List<SpanData> redisSpans = spans.getFinishedSpanItems().stream()
                .filter(span -> "redis".equals(attribute(span, "db.system.name")))
                .toList();
        assertThat(redisSpans).extracting(SpanData::getName).containsExactly("SET", "GET", "DEL", "MULTI");
        assertThat(redisSpans).allSatisfy(span -> {
            assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(span.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
            assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        });
        assertThat(redisSpans)
                .extracting(span -> attribute(span, "bulwark.redis.operation"))
                .containsExactly("cache_put", "cache_get", "cache_invalidate", "rate_limit");
    }

    @Test
    void aFailedCallIsAnErrorSpanWithItsTypeAndNoHost() {
        try (DeadPort nobodyListens = new DeadPort()) {
            RedisCacheStore cache = new RedisCacheStore(connect("redis://127.0.0.1:" + nobodyListens.port()));

            assertThatThrownBy(() -> cache.get("k")).isInstanceOf(DependencyUnavailableException.class);
        }

        SpanData span = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("GET"))
                .findFirst()
                .orElseThrow();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(attribute(span, "error.type")).isEqualTo("dependency_unavailable");
        assertThat(span.getStatus().getDescription()).doesNotContain("127.0.0.1");
        assertThat(span.getAttributes().asMap().toString()).doesNotContain("127.0.0.1");
    }
}
