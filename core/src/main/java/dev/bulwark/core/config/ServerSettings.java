package dev.bulwark.core.config;

import dev.bulwark.config.ConfigProblem;
import java.util.Objects;

/**
 * Who the server says it is.
 *
 * @param name the MCP server name ({@code MCP_SERVER_NAME})
 * @param version the version it reports ({@code MCP_SERVER_VERSION})
 * @param environment where it runs, for example {@code development} or {@code production} ({@code ENVIRONMENT})
 */
public record ServerSettings(String name, String version, String environment) {

    public static final String DEFAULT_NAME = "bulwark";
    public static final String DEFAULT_VERSION = "0.1.0";
    public static final String DEFAULT_ENVIRONMENT = "development";

    public ServerSettings {
        requireText(name, "server.name");
        requireText(version, "server.version");
        requireText(environment, "server.environment");
    }

    public static ServerSettings defaults() {
        return new ServerSettings(DEFAULT_NAME, DEFAULT_VERSION, DEFAULT_ENVIRONMENT);
    }

    static void requireText(String value, String key) {
        Objects.requireNonNull(value, key);
        if (value.isBlank()) {
            throw ConfigProblem.of(key, "must not be blank").refusal();
        }
    }

    /** A copy with {@code name} replaced. */
    public ServerSettings withName(String value) {
        return new ServerSettings(value, version, environment);
    }

    /** A copy with {@code version} replaced. */
    public ServerSettings withVersion(String value) {
        return new ServerSettings(name, value, environment);
    }

    /** A copy with {@code environment} replaced. */
    public ServerSettings withEnvironment(String value) {
        return new ServerSettings(name, version, value);
    }
}
