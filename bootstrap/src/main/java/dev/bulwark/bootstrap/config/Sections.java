package dev.bulwark.bootstrap.config;

import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.CacheSettings;
import dev.bulwark.core.config.LimitSettings;
import dev.bulwark.core.config.LoggingSettings;
import dev.bulwark.core.config.RateLimitSettings;
import dev.bulwark.core.config.RequestStateSettings;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.config.StdioSettings;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.postgres.DatabaseOptions;
import dev.bulwark.redis.RedisSettings;
import dev.bulwark.tools.business.sql.SqlToolSettings;
import java.util.function.UnaryOperator;

/**
 * How the key tables set one value: a copy of the configuration with one section changed, through the section's own
 * builder or copy method, so no key table lists a record's fields. Stateless.
 */
final class Sections {

    private Sections() {}

    static ServerConfig core(ServerConfig config, UnaryOperator<BulwarkConfig.Builder> change) {
        return config.toBuilder()
                .core(change.apply(config.core().toBuilder()).build())
                .build();
    }

    static ServerConfig server(ServerConfig config, UnaryOperator<ServerSettings> change) {
        return core(config, core -> core.server(change.apply(config.core().server())));
    }

    static ServerConfig logging(ServerConfig config, UnaryOperator<LoggingSettings> change) {
        return core(config, core -> core.logging(change.apply(config.core().logging())));
    }

    static ServerConfig logFiles(ServerConfig config, UnaryOperator<LogFileSettings> change) {
        return config.toBuilder().logFiles(change.apply(config.logFiles())).build();
    }

    static ServerConfig tracing(ServerConfig config, UnaryOperator<TracingSettings> change) {
        return config.toBuilder().tracing(change.apply(config.tracing())).build();
    }

    static ServerConfig tasks(ServerConfig config, UnaryOperator<TaskSettings> change) {
        return config.toBuilder().tasks(change.apply(config.tasks())).build();
    }

    static ServerConfig cache(ServerConfig config, UnaryOperator<CacheSettings> change) {
        return core(config, core -> core.cache(change.apply(config.core().cache())));
    }

    static ServerConfig rateLimit(ServerConfig config, UnaryOperator<RateLimitSettings> change) {
        return core(config, core -> core.rateLimit(change.apply(config.core().rateLimit())));
    }

    static ServerConfig limits(ServerConfig config, UnaryOperator<LimitSettings.Builder> change) {
        return core(
                config,
                core -> core.limits(
                        change.apply(config.core().limits().toBuilder()).build()));
    }

    static ServerConfig stdio(ServerConfig config, UnaryOperator<StdioSettings> change) {
        return core(config, core -> core.stdio(change.apply(config.core().stdio())));
    }

    static ServerConfig requestState(ServerConfig config, UnaryOperator<RequestStateSettings> change) {
        return core(config, core -> core.requestState(change.apply(config.core().requestState())));
    }

    static ServerConfig database(ServerConfig config, UnaryOperator<DatabaseOptions.Builder> change) {
        return config.toBuilder()
                .database(change.apply(config.database().toBuilder()).build())
                .build();
    }

    static ServerConfig sqlTools(ServerConfig config, UnaryOperator<SqlToolSettings.Builder> change) {
        return config.toBuilder()
                .sqlTools(change.apply(config.sqlTools().toBuilder()).build())
                .build();
    }

    static ServerConfig http(ServerConfig config, UnaryOperator<HttpSettings.Builder> change) {
        return config.toBuilder()
                .http(change.apply(config.http().toBuilder()).build())
                .build();
    }

    static ServerConfig auth(ServerConfig config, UnaryOperator<AuthSettings.Builder> change) {
        return config.toBuilder()
                .auth(change.apply(config.auth().toBuilder()).build())
                .build();
    }

    static ServerConfig outbound(ServerConfig config, UnaryOperator<OutboundSettings> change) {
        return config.toBuilder().outbound(change.apply(config.outbound())).build();
    }

    static ServerConfig apiTools(
            ServerConfig config, UnaryOperator<dev.bulwark.tools.business.services.ApiToolSettings> change) {
        return config.toBuilder().apiTools(change.apply(config.apiTools())).build();
    }

    static ServerConfig redis(ServerConfig config, UnaryOperator<RedisSettings.Builder> change) {
        return config.toBuilder()
                .redis(change.apply(config.redis().toBuilder()).build())
                .build();
    }
}
