package dev.bulwark.bootstrap.config;

import dev.bulwark.config.ConfigProblem;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.mcpclient.UpstreamSettings;
import dev.bulwark.monitor.MonitorSettings;
import dev.bulwark.outbound.OutboundSettings;
import dev.bulwark.postgres.DatabaseSettings;
import dev.bulwark.redis.RedisSettings;
import dev.bulwark.tools.business.services.ApiToolSettings;
import dev.bulwark.tools.business.sql.SqlToolSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The whole server jar's configuration, one immutable value; each section is the record of the module that reads it.
 *
 * @param database the database and how to reach it ({@code database.*} but the SQL tools' limits)
 * @param sqlTools the SQL tools' limits ({@code database.allow-writes*}, {@code database.row-limit},
 *     {@code database.batch-max-operations})
 */
public record ServerConfig(
        BulwarkConfig core,
        TransportSettings transport,
        HttpSettings http,
        AuthSettings auth,
        RedisSettings redis,
        ToolPackSettings toolPacks,
        DatabaseSettings database,
        SqlToolSettings sqlTools,
        OutboundSettings outbound,
        ApiToolSettings apiTools,
        LogFileSettings logFiles,
        MonitorSettings monitor,
        TracingSettings tracing,
        List<UpstreamSettings> upstreams,
        List<ViewSettings> views) {

    public ServerConfig {
        Objects.requireNonNull(core, "core");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(toolPacks, "toolPacks");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(sqlTools, "sqlTools");
        Objects.requireNonNull(outbound, "outbound");
        Objects.requireNonNull(apiTools, "apiTools");
        Objects.requireNonNull(logFiles, "logFiles");
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(tracing, "tracing");
        upstreams = List.copyOf(upstreams);
        views = List.copyOf(views);
    }

    /** What the server runs on with no configuration at all: each section's own {@code defaults()}. */
    public static ServerConfig defaults() {
        return new ServerConfig(
                BulwarkConfig.defaults(),
                TransportSettings.defaults(),
                HttpSettings.defaults(),
                AuthSettings.defaults(),
                RedisSettings.defaults(),
                ToolPackSettings.defaults(),
                DatabaseSettings.defaults(),
                SqlToolSettings.defaults(),
                OutboundSettings.defaults(),
                ApiToolSettings.defaults(),
                LogFileSettings.defaults(),
                MonitorSettings.defaults(),
                TracingSettings.defaults(),
                List.of(),
                List.of());
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * What is wrong across sections, each value accepted alone, one entry a problem, in the order of the sections;
     * empty when nothing.
     */
    public List<ConfigProblem> problems() {
        List<ConfigProblem> problems = new ArrayList<>(http.problems());
        problems.addAll(auth.problems());
        if (transport.http()) {
            problems.addAll(auth.problemsServing(http.host()));
        }
        problems.addAll(database.problemsWith(core.limits().toolTimeout()));
        problems.addAll(logFiles.problems());
        problems.addAll(monitor.problems());
        problems.addAll(tracing.problems());
        return problems;
    }

    /** Builds a {@link ServerConfig}, one section at a time. Not thread-safe. */
    public static final class Builder {
        private BulwarkConfig core;
        private TransportSettings transport;
        private HttpSettings http;
        private AuthSettings auth;
        private RedisSettings redis;
        private ToolPackSettings toolPacks;
        private DatabaseSettings database;
        private SqlToolSettings sqlTools;
        private OutboundSettings outbound;
        private ApiToolSettings apiTools;
        private LogFileSettings logFiles;
        private MonitorSettings monitor;
        private List<UpstreamSettings> upstreams;
        private TracingSettings tracing;
        private List<ViewSettings> views;

        private Builder(ServerConfig from) {
            this.core = from.core;
            this.transport = from.transport;
            this.http = from.http;
            this.auth = from.auth;
            this.redis = from.redis;
            this.toolPacks = from.toolPacks;
            this.database = from.database;
            this.sqlTools = from.sqlTools;
            this.outbound = from.outbound;
            this.apiTools = from.apiTools;
            this.logFiles = from.logFiles;
            this.monitor = from.monitor;
            this.upstreams = from.upstreams;
            this.tracing = from.tracing;
            this.views = from.views;
        }

        public Builder core(BulwarkConfig value) {
            this.core = value;
            return this;
        }

        public Builder transport(TransportSettings value) {
            this.transport = value;
            return this;
        }

        public Builder http(HttpSettings value) {
            this.http = value;
            return this;
        }

        public Builder auth(AuthSettings value) {
            this.auth = value;
            return this;
        }

        public Builder redis(RedisSettings value) {
            this.redis = value;
            return this;
        }

        public Builder toolPacks(ToolPackSettings value) {
            this.toolPacks = value;
            return this;
        }

        public Builder database(DatabaseSettings value) {
            this.database = value;
            return this;
        }

        public Builder sqlTools(SqlToolSettings value) {
            this.sqlTools = value;
            return this;
        }

        public Builder outbound(OutboundSettings value) {
            this.outbound = value;
            return this;
        }

        public Builder apiTools(ApiToolSettings value) {
            this.apiTools = value;
            return this;
        }

        public Builder logFiles(LogFileSettings value) {
            this.logFiles = value;
            return this;
        }

        public Builder monitor(MonitorSettings value) {
            this.monitor = value;
            return this;
        }

        public Builder upstreams(List<UpstreamSettings> value) {
            this.upstreams = List.copyOf(value);
            return this;
        }

        public Builder views(List<ViewSettings> value) {
            this.views = List.copyOf(value);
            return this;
        }

        public Builder tracing(TracingSettings value) {
            this.tracing = value;
            return this;
        }

        /** The configuration; throws {@link NullPointerException} naming a section left null. */
        public ServerConfig build() {
            return new ServerConfig(
                    core, transport, http, auth, redis, toolPacks, database, sqlTools, outbound, apiTools, logFiles,
                    monitor, tracing, upstreams, views);
        }
    }
}
