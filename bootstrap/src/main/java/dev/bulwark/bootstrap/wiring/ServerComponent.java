package dev.bulwark.bootstrap.wiring;

import dagger.BindsInstance;
import dagger.Component;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.tracing.ServerTracing;
import dev.bulwark.core.Bulwark;
import dev.bulwark.mcpclient.McpClientUpstreams;
import dev.bulwark.outbound.OutboundServices;
import dev.bulwark.postgres.JdbcDatabase;
import dev.bulwark.redis.RedisConnection;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import javax.inject.Singleton;

/**
 * The server's object graph.
 */
@Singleton
@Component(
        modules = {
            RedisModule.class,
            StoresModule.class,
            MetricsModule.class,
            CoreModule.class,
            DatabaseModule.class,
            OutboundModule.class,
            UpstreamModule.class,
            TracingModule.class
        })
public interface ServerComponent {

    Bulwark bulwark();

    PrometheusMeterRegistry prometheusRegistry();

    /** The Redis connection when {@code REDIS_URL} is set; close it on shutdown. */
    Optional<RedisConnection> redisConnection();

    /** The database (PostgreSQL or the embedded H2) behind the user and SQL tools; close it on shutdown. */
    JdbcDatabase database();

    /** The registered services and their health checks; close them on shutdown. */
    OutboundServices outboundServices();

    /** The upstream MCP servers and their children; close them on shutdown. */
    McpClientUpstreams upstreams();

    /** Tracing (the no-op unless configured); close it last on shutdown, so the last spans are exported. */
    ServerTracing tracing();

    /** Creates the graph for one configuration. */
    @Component.Factory
    interface Factory {
        ServerComponent create(@BindsInstance ServerConfig config);
    }
}
