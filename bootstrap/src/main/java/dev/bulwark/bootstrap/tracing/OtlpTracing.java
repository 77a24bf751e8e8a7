package dev.bulwark.bootstrap.tracing;

import dev.bulwark.bootstrap.config.StartupConfigException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * The OpenTelemetry SDK as the server jar runs it, configured by its autoconfigure.
 */
final class OtlpTracing implements AutoCloseable {

    /** How long {@link #close()} waits for the last spans to be exported. */
    private static final long SHUTDOWN_SECONDS = 5;

    private final OpenTelemetrySdk sdk;
    private final boolean exporting;

    private OtlpTracing(OpenTelemetrySdk sdk, boolean exporting) {
        this.sdk = sdk;
        this.exporting = exporting;
    }

    static OtlpTracing start(String endpoint, String serviceName) {
        return start(endpoint, serviceName, Map.of(), UnaryOperator.identity());
    }

    /**
     * @param defaults more {@code otel.*} properties under the variables (the tests' small queue)
     * @param exporter wraps the OTLP exporter the batch processor exports through (the tests count what reaches it)
     * @throws StartupConfigException when the SDK refuses its configuration, naming the setting at fault where it
     *     can be told ({@link SdkRefusal}); the SDK's own message, which may quote a credential, is not kept
     */
    static OtlpTracing start(
            String endpoint, String serviceName, Map<String, String> defaults, UnaryOperator<SpanExporter> exporter) {
        Map<String, String> base = new HashMap<>();
        base.put("otel.traces.exporter", "otlp");
        base.put("otel.metrics.exporter", "none");
        base.put("otel.logs.exporter", "none");
        base.put("otel.exporter.otlp.protocol", "http/protobuf");
        base.putAll(defaults);
        Map<String, String> resolved = Map.of(SdkRefusal.ENDPOINT, endpoint, "otel.service.name", serviceName);
        AtomicBoolean disabled = new AtomicBoolean();
        try {
            OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> base)
                    .addPropertiesCustomizer(properties -> {
                        // OTEL_SDK_DISABLED (or otel.sdk.disabled) makes the SDK a no-op that exports nothing.
                        disabled.set(properties.getBoolean("otel.sdk.disabled", false));
                        return resolved;
                    })
                    .addSpanExporterCustomizer((otlp, properties) -> exporter.apply(otlp))
                    .disableShutdownHook()
                    .build()
                    .getOpenTelemetrySdk();
            return new OtlpTracing(sdk, !disabled.get());
        } catch (RuntimeException e) {
            Set<String> given = new HashSet<>(base.keySet());
            given.addAll(resolved.keySet());
            throw SdkRefusal.of(e, given);
        }
    }

    OpenTelemetry openTelemetry() {
        return sdk;
    }

    /** Whether spans leave the process: false when {@code OTEL_SDK_DISABLED} turned the SDK off. */
    boolean exporting() {
        return exporting;
    }

    /** Exports the spans still queued, waiting at most {@value #SHUTDOWN_SECONDS} s, and stops the exporter. */
    @Override
    public void close() {
        CompletableResultCode done = sdk.shutdown();
        done.join(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
    }
}
