package dev.bulwark.bootstrap.wiring;

import dev.bulwark.bootstrap.config.ConfigError;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.config.StartupConfigException;
import dev.bulwark.bootstrap.config.ToolPackKeys;
import dev.bulwark.http.edge.OriginPolicy;
import dev.bulwark.postgres.DatabaseSettings;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisSettings;
import dev.bulwark.tools.SkillsPack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks at start the values only an adapter can judge, naming each problem.
 */
public final class AdapterConfigCheck {

    private AdapterConfigCheck() {}

    /** Every problem with the adapters' values and the views' files, in the order above; empty when the server can be wired. */
    public static List<ConfigError> problems(ServerConfig config) {
        List<ConfigError> problems = new ArrayList<>();
        collect(problems, () -> checkDatabaseUrl(config));
        collect(problems, () -> {
            if (config.redis().configured()) {
                redisBuilder(config.redis());
            }
        });
        if (config.transport().http()) {
            collect(problems, () -> checkAllowedOrigins(config));
            collect(problems, () -> HttpServing.apiKeysOf(config));
        }
        problems.addAll(skillsProblems(config));
        problems.addAll(ConfiguredViews.problems(config));
        return List.copyOf(problems);
    }

    /**
     * The problems of {@code tools.skills-folder}: a folder that is no readable directory, or one line for each skill
     * in it that cannot be served (bad front matter, a link, over a bound).
     */
    static List<ConfigError> skillsProblems(ServerConfig config) {
        Optional<String> folder = config.toolPacks().skillsFolder();
        if (folder.isEmpty()) {
            return List.of();
        }
        String key = ToolPackKeys.TOOLS_SKILLS_FOLDER.path();
        try {
            return SkillsPack.of(Path.of(folder.get())).problems().stream()
                    .map(problem -> new ConfigError(
                            key,
                            StartupConfigException.WIRING_SOURCE,
                            problem + "; fix the skill or move it out of " + folder.get()))
                    .toList();
        } catch (IllegalArgumentException e) { // InvalidPathException too
            return List.of(new ConfigError(
                    key,
                    StartupConfigException.WIRING_SOURCE,
                    folder.get() + " is no readable directory; create it or name the folder of skills"));
        } catch (java.io.UncheckedIOException e) {
            return List.of(new ConfigError(
                    key,
                    StartupConfigException.WIRING_SOURCE,
                    folder.get() + " cannot be read by the server's user; grant it read access"));
        }
    }

    /**
     * Every problem of the services' OpenAPI documents in local files, each naming its service's key and the
     * operation where there is one. For a start that stops with other problems: a server that is built reads its
     * documents once, when it builds their packs, and reports their problems then.
     */
    public static List<ConfigError> openApiProblems(ServerConfig config) {
        return OpenApiPacks.fileProblems(config);
    }

    /** Refuses a {@code database.url} the PostgreSQL adapter cannot use. */
    static void checkDatabaseUrl(ServerConfig config) {
        config.database().url().ifPresent(url -> {
            try {
                DatabaseSettings.checkUrl(url);
            } catch (IllegalArgumentException e) {
                throw StartupConfigException.refused("database.url", e.getMessage());
            }
        });
    }

    /** The Redis connection's builder; a URL it cannot use is refused (its message never quotes the URL). */
    static RedisConnection.Builder redisBuilder(RedisSettings settings) {
        try {
            return RedisConnection.builder(settings);
        } catch (IllegalArgumentException e) {
            throw StartupConfigException.refused("redis.url", e.getMessage());
        }
    }

    /** Refuses allowed origins (or hosts) the HTTP edge cannot enforce. */
    static void checkAllowedOrigins(ServerConfig config) {
        try {
            OriginPolicy.of(
                    config.http().allowedOrigins(),
                    config.http().allowedHosts(),
                    config.http().host());
        } catch (IllegalArgumentException e) {
            throw StartupConfigException.refused("http.allowed-origins", e.getMessage());
        }
    }

    private static void collect(List<ConfigError> problems, Runnable check) {
        try {
            check.run();
        } catch (StartupConfigException e) {
            problems.add(e.error());
        }
    }
}
