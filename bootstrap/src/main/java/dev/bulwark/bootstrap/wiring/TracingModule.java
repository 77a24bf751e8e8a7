package dev.bulwark.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.tracing.ServerTracing;
import io.opentelemetry.api.OpenTelemetry;
import javax.inject.Singleton;

/**
 * Tracing: the no-op OpenTelemetry unless {@code tracing.endpoint} ({@code OTEL_EXPORTER_OTLP_ENDPOINT}) is set,
 * else the SDK exporting over OTLP. The core and every adapter record their spans through the one instance.
 */
@Module
interface TracingModule {

    @Provides
    @Singleton
    static ServerTracing tracing(ServerConfig config) {
        return ServerTracing.start(config.tracing(), config.core().server().name());
    }

    @Provides
    static OpenTelemetry openTelemetry(ServerTracing tracing) {
        return tracing.openTelemetry();
    }
}
