package dev.bulwark.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.Multibinds;
import dev.bulwark.bootstrap.config.ConfigError;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.config.StartupConfigException;
import dev.bulwark.bootstrap.logging.LogbackAuditLog;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.mcpclient.McpClientUpstreams;
import dev.bulwark.outbound.OutboundServices;
import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.ports.health.HealthIndicator;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.tasks.TaskChangeFeed;
import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.ports.tasks.TaskStore;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.ports.users.UserRepository;
import dev.bulwark.tools.BuiltInTools;
import dev.bulwark.tools.ConformancePack;
import dev.bulwark.tools.ServicesPack;
import dev.bulwark.tools.SkillsPack;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.inject.Singleton;

/**
 * Builds the core around the stores, health indicators and tools the other modules chose.
 */
@Module
interface CoreModule {

    /** Health indicators contributed by adapter modules; empty on embedded defaults. */
    @Multibinds
    Set<HealthIndicator> healthIndicators();

    /** Extra tools contributed by modules; empty in the reference server. */
    @Multibinds
    Set<Tool<?, ?>> extraTools();

    @Provides
    @Singleton
    static Clock clock() {
        return Clock.systemUTC();
    }

    @Provides
    @Singleton
    static Ticker ticker() {
        return Ticker.system();
    }

    /** The core's part of the configuration. */
    @Provides
    static BulwarkConfig coreConfig(ServerConfig config) {
        return config.core();
    }

    @Provides
    @Singleton
    static Bulwark bulwark(
            ServerConfig config,
            Optional<CacheStore> sharedCacheStore,
            Optional<RateLimitStore> sharedRateLimitStore,
            Optional<TaskStore> sharedTaskStore,
            Optional<TaskChangeFeed> taskChangeFeed,
            Optional<TaskQueue> sharedTaskQueue,
            Set<HealthIndicator> healthIndicators,
            Set<Tool<?, ?>> extraTools,
            MeterRegistry meterRegistry,
            Clock clock,
            Ticker ticker,
            UserRepository userRepository,
            SqlGateway sqlGateway,
            OutboundServices services,
            McpClientUpstreams upstreams,
            OpenTelemetry openTelemetry) {
        ConfiguredViews views = ConfiguredViews.of(config);
        Bulwark.Builder builder = Bulwark.builder(config.core())
                .healthIndicators(healthIndicators)
                .meterRegistry(meterRegistry)
                .clock(clock)
                .ticker(ticker)
                .openTelemetry(openTelemetry)
                .packs(views.linking(BuiltInTools.packs(userRepository, sqlGateway, config.sqlTools())))
                .tools(extraTools);
        List<ConfigError> openApiProblems = new ArrayList<>();
        if (config.outbound().configured()) {
            builder.pack(views.linking(new ServicesPack(
                    services,
                    config.apiTools(),
                    OpenApiPacks.apiRequestTaskSupport(config.outbound().services()))));
            config.outbound().services().stream()
                    .filter(service -> !service.openapi().isEmpty())
                    .forEach(service -> builder.pack(views.linking(
                            OpenApiPacks.reporting(OpenApiPacks.of(services, service), openApiProblems))));
        }
        if (!config.upstreams().isEmpty()) {
            builder.pack(UpstreamModule.gatewayPack(config, upstreams));
        }
        if (config.toolPacks().conformance()) {
            builder.pack(views.linking(new ConformancePack()));
        }
        config.toolPacks()
                .skillsFolder()
                .ifPresent(folder -> builder.pack(SkillsPack.of(java.nio.file.Path.of(folder))));
        sharedCacheStore.ifPresent(builder::cacheStore);
        sharedRateLimitStore.ifPresent(builder::rateLimitStore);
        sharedTaskStore.ifPresent(builder::taskStore);
        taskChangeFeed.ifPresent(builder::taskChangeFeed);
        sharedTaskQueue.ifPresent(builder::taskQueue);
        LogbackAuditLog.ofServerLogging().ifPresent(builder::auditLog);
        views.extension().forEach(builder::extension);
        Bulwark bulwark = OpenApiPacks.building(builder, openApiProblems);
        List<ConfigError> unlinked = views.unknownTools(bulwark.tools());
        if (!unlinked.isEmpty()) {
            bulwark.close();
            throw new StartupConfigException(unlinked);
        }
        return bulwark;
    }
}
