package dev.bulwark.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.Multibinds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import javax.inject.Singleton;

/**
 * One Prometheus meter registry for the whole server, with the JVM and process binders.
 */
@Module
interface MetricsModule {

    /** Meters adapters publish about themselves (pools, breakers), contributed with {@code @IntoSet}. */
    @Multibinds
    Set<MeterBinder> adapterMeters();

    @Provides
    @Singleton
    static PrometheusMeterRegistry prometheusRegistry(Set<MeterBinder> adapterMeters) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        adapterMeters.forEach(binder -> binder.bindTo(registry));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    @Provides
    @Singleton
    static MeterRegistry meterRegistry(PrometheusMeterRegistry registry) {
        return registry;
    }
}
