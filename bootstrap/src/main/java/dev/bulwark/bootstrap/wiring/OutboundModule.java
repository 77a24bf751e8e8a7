package dev.bulwark.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.outbound.OutboundServices;
import dev.bulwark.outbound.OutboundSettings;
import dev.bulwark.ports.health.HealthIndicator;
import dev.bulwark.ports.time.Ticker;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opentelemetry.api.OpenTelemetry;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.inject.Singleton;

/**
 * The outbound adapter: the services of the config file's {@code services} section.
 */
@Module
interface OutboundModule {

    @Provides
    @Singleton
    static OutboundServices outboundServices(ServerConfig config, Ticker ticker, OpenTelemetry openTelemetry) {
        OutboundSettings outbound = config.outbound();
        OutboundServices services = OutboundServices.builder()
                .services(outbound.services())
                .healthInterval(outbound.healthInterval())
                .healthTimeout(outbound.healthTimeout())
                .maxResponseBytes(outbound.maxResponseBytes())
                .ticker(ticker)
                .openTelemetry(openTelemetry)
                .build();
        services.start();
        return services;
    }

    /** One indicator per registered service, named {@code service:<name>}; none without services. */
    @Provides
    @ElementsIntoSet
    static Set<HealthIndicator> serviceHealth(OutboundServices services) {
        return new LinkedHashSet<>(services.healthIndicators());
    }

    /** The services' call, retry, breaker and health meters; none without services. */
    @Provides
    @ElementsIntoSet
    static Set<MeterBinder> serviceMeters(ServerConfig config, OutboundServices services) {
        return config.outbound().configured() ? Set.of(services.metrics()) : Set.of();
    }
}
