package dev.bulwark.core.config;

import java.util.Objects;

/**
 * The core's configuration: only what {@code Bulwark} and the core's own tools read. Immutable; start from
 * {@link #defaults()} or {@link #builder()}.
 *
 * @param server identity and environment of the server
 * @param cache response cache settings
 * @param rateLimit default per-principal, per-tool rate limit
 * @param limits request size, timeout and concurrency limits
 * @param stdio the local operator used as the principal over stdio
 * @param logging log level and debug switch
 * @param toolList what {@code tools/list} shows each caller
 * @param requestState how the state of 2026-era multi round-trip requests is signed
 * @param tasks the bounds of the tasks of long-running tool calls
 */
public record BulwarkConfig(
        ServerSettings server,
        CacheSettings cache,
        RateLimitSettings rateLimit,
        LimitSettings limits,
        StdioSettings stdio,
        LoggingSettings logging,
        ToolListSettings toolList,
        RequestStateSettings requestState,
        TaskSettings tasks) {

    public BulwarkConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(stdio, "stdio");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(toolList, "toolList");
        Objects.requireNonNull(requestState, "requestState");
        Objects.requireNonNull(tasks, "tasks");
    }

    /** The embedded defaults: each section's own {@code defaults()}. */
    public static BulwarkConfig defaults() {
        return new BulwarkConfig(
                ServerSettings.defaults(),
                CacheSettings.defaults(),
                RateLimitSettings.defaults(),
                LimitSettings.defaults(),
                StdioSettings.defaults(),
                LoggingSettings.defaults(),
                ToolListSettings.defaults(),
                RequestStateSettings.defaults(),
                TaskSettings.defaults());
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link BulwarkConfig}, one section at a time. Not thread-safe. */
    public static final class Builder {
        private ServerSettings server;
        private CacheSettings cache;
        private RateLimitSettings rateLimit;
        private LimitSettings limits;
        private StdioSettings stdio;
        private LoggingSettings logging;
        private ToolListSettings toolList;
        private RequestStateSettings requestState;
        private TaskSettings tasks;

        private Builder(BulwarkConfig from) {
            this.server = from.server;
            this.cache = from.cache;
            this.rateLimit = from.rateLimit;
            this.limits = from.limits;
            this.stdio = from.stdio;
            this.logging = from.logging;
            this.toolList = from.toolList;
            this.requestState = from.requestState;
            this.tasks = from.tasks;
        }

        public Builder server(ServerSettings value) {
            this.server = value;
            return this;
        }

        public Builder cache(CacheSettings value) {
            this.cache = value;
            return this;
        }

        public Builder rateLimit(RateLimitSettings value) {
            this.rateLimit = value;
            return this;
        }

        public Builder limits(LimitSettings value) {
            this.limits = value;
            return this;
        }

        public Builder stdio(StdioSettings value) {
            this.stdio = value;
            return this;
        }

        public Builder logging(LoggingSettings value) {
            this.logging = value;
            return this;
        }

        public Builder toolList(ToolListSettings value) {
            this.toolList = value;
            return this;
        }

        public Builder requestState(RequestStateSettings value) {
            this.requestState = value;
            return this;
        }

        public Builder tasks(TaskSettings value) {
            this.tasks = value;
            return this;
        }

        /** The configuration; throws {@link NullPointerException} naming a section left null. */
        public BulwarkConfig build() {
            return new BulwarkConfig(server, cache, rateLimit, limits, stdio, logging, toolList, requestState, tasks);
        }
    }
}
