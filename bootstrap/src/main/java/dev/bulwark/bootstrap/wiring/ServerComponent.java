package dev.bulwark.bootstrap.wiring;

import dagger.BindsInstance;
import dagger.Component;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.stdio.StdioTransportProvider;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import javax.inject.Singleton;

/**
 * The server's object graph. Its modules choose the implementations: in-memory stores now; the Redis and Postgres
 * modules replace or extend them without touching the core.
 */
@Singleton
@Component(modules = {InMemoryStoresModule.class, MetricsModule.class, CoreModule.class, StdioModule.class})
public interface ServerComponent {

    Bulwark bulwark();

    StdioTransportProvider stdioTransport();

    PrometheusMeterRegistry prometheusRegistry();

    /** Creates the graph for one configuration. */
    @Component.Factory
    interface Factory {
        ServerComponent create(@BindsInstance BulwarkConfig config);
    }
}
