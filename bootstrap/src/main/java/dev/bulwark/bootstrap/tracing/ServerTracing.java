package dev.bulwark.bootstrap.tracing;

import dev.bulwark.bootstrap.config.StartupConfigException;
import dev.bulwark.bootstrap.config.TracingSettings;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;

/**
 * The server's {@link OpenTelemetry}: the no-op when tracing is off, else an SDK exporting over OTLP.
 */
public final class ServerTracing implements AutoCloseable {

    private final OpenTelemetry openTelemetry;
    private final AutoCloseable sdk;

    private ServerTracing(OpenTelemetry openTelemetry, AutoCloseable sdk) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
    }

    /** No tracing: the no-op OpenTelemetry. */
    public static ServerTracing off() {
        return new ServerTracing(OpenTelemetry.noop(), () -> {});
    }

    /**
     * Tracing as {@code settings} say: off without an endpoint or with {@code OTEL_SDK_DISABLED=true}, else the
     * SDK.
     *
     * @param defaultServiceName the {@code service.name} when the settings name none (the server's name)
     * @throws StartupConfigException when the SDK refuses its {@code OTEL_*} configuration: names the setting at
     *     fault where it can be told, and never quotes a value
     */
    public static ServerTracing start(TracingSettings settings, String defaultServiceName) {
        Objects.requireNonNull(settings, "settings");
        if (!settings.enabled()) {
            return off();
        }
        OtlpTracing sdk = OtlpTracing.start(
                settings.endpoint().orElseThrow(), settings.serviceName().orElse(defaultServiceName));
        // With OTEL_SDK_DISABLED the SDK exports nothing: the no-op keeps the calls' tracing-off short cut.
        return new ServerTracing(sdk.exporting() ? sdk.openTelemetry() : OpenTelemetry.noop(), sdk);
    }

    /** What the core and the adapters record spans through. */
    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** Whether spans are exported. */
    public boolean enabled() {
        return openTelemetry != OpenTelemetry.noop();
    }

    @Override
    public void close() {
        try {
            sdk.close();
        } catch (Exception e) {
            throw new IllegalStateException("tracing did not stop cleanly", e);
        }
    }
}
