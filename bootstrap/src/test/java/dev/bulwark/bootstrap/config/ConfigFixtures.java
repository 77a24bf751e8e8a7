package dev.bulwark.bootstrap.config;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.CacheSettings;
import dev.bulwark.core.config.LimitSettings;
import dev.bulwark.core.config.LoggingSettings;
import dev.bulwark.core.config.RateLimitSettings;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.config.StdioSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Shared helpers for the configuration tests. */
final class ConfigFixtures {

    /** What {@code config/full.yaml} and {@code config/full.json} hold. */
    static final ServerConfig FULL = ServerConfig.builder()
            .core(BulwarkConfig.builder()
                    .server(new ServerSettings("test-server", "2.0.0", "staging"))
                    .cache(new CacheSettings(false, Duration.ofMinutes(10), 500))
                    .rateLimit(new RateLimitSettings(false, 60, 10, 25))
                    .limits(LimitSettings.builder()
                            .maxRequestBytes(512 * 1024)
                            .toolTimeout(Duration.ofSeconds(45))
                            .maxConcurrentCalls(8)
                            .maxConcurrentCallsPerTool(2)
                            .build())
                    .stdio(new StdioSettings("alice", Set.of("tools:read", "tools:write")))
                    .logging(new LoggingSettings("DEBUG", true, false))
                    .build())
            .build();

    private ConfigFixtures() {}

    /** A test resource under {@code src/test/resources}, as a path. */
    static Path resource(String name) {
        URL url = ConfigFixtures.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code content} to {@code directory/name} and returns the path. */
    static Path write(Path directory, String name, String content) {
        try {
            return Files.writeString(directory.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads with the full catalogue, expecting success. */
    static LoadedConfig load(List<String> args, Map<String, String> env) {
        try {
            return new ConfigLoader().load(args, env);
        } catch (ConfigException e) {
            throw new AssertionError("expected the configuration to load, got: " + e.getMessage(), e);
        }
    }

    /** Loads with {@code loader}, expecting a {@link ConfigException}. */
    static ConfigException failure(ConfigLoader loader, List<String> args, Map<String, String> env) {
        ConfigException failure = catchThrowableOfType(ConfigException.class, () -> loader.load(args, env));
        if (failure == null) {
            throw new AssertionError("expected a ConfigException for args " + args + " and env " + env.keySet());
        }
        return failure;
    }

    /** Loads with the full catalogue, expecting a {@link ConfigException}. */
    static ConfigException failure(List<String> args, Map<String, String> env) {
        return failure(new ConfigLoader(), args, env);
    }
}
