package dev.bulwark.spring;

import dev.bulwark.config.ConfigProblem;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.redis.RedisSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings records the starter builds from {@code bulwark.*}: the core's, the HTTP transport's, its
 * authentication's and the shared Redis store's. Immutable.
 *
 * @param core the core's settings, which the {@code Bulwark} bean is built with
 * @param http the HTTP transport's settings, for {@code bulwark.transport=http}
 * @param auth how HTTP callers authenticate
 * @param redis the shared Redis store of the cache, rate limit and tasks; in memory without a URL
 */
public record BulwarkSettings(BulwarkConfig core, HttpSettings http, AuthSettings auth, RedisSettings redis) {

    /**
     * The MCP port when {@code bulwark.http.port} is not set: the server jar's 8080 is the port an application's own
     * web server takes by default.
     */
    public static final int DEFAULT_HTTP_PORT = 8081;

    public BulwarkSettings {
        Objects.requireNonNull(core, "core");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(redis, "redis");
    }

    /** Each record's defaults, with the HTTP port {@link #DEFAULT_HTTP_PORT}. */
    public static BulwarkSettings defaults() {
        return new BulwarkSettings(
                BulwarkConfig.defaults(),
                HttpSettings.defaults().toBuilder().port(DEFAULT_HTTP_PORT).build(),
                AuthSettings.defaults(),
                RedisSettings.defaults());
    }

    BulwarkSettings withCore(BulwarkConfig value) {
        return new BulwarkSettings(value, http, auth, redis);
    }

    BulwarkSettings withHttp(HttpSettings value) {
        return new BulwarkSettings(core, value, auth, redis);
    }

    BulwarkSettings withAuth(AuthSettings value) {
        return new BulwarkSettings(core, http, value, redis);
    }

    BulwarkSettings withRedis(RedisSettings value) {
        return new BulwarkSettings(core, http, auth, value);
    }

    /**
     * What is wrong across keys, each value accepted alone, as the server jar judges it, each problem naming the
     * server jar's key path; empty when nothing.
     *
     * @param servesHttp whether the HTTP transport serves, which makes the authentication's exposure rules apply
     */
    List<ConfigProblem> problems(boolean servesHttp) {
        List<ConfigProblem> problems = new ArrayList<>(http.problems());
        problems.addAll(auth.problems());
        if (servesHttp) {
            problems.addAll(auth.problemsServing(http.host()));
        }
        return problems;
    }
}
