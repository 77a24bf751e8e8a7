package dev.bulwark.bootstrap.config;

import java.util.Optional;

/**
 * The launcher's own options: they steer loading and starting, and are not part of {@link ServerConfig}, so they
 * cannot be set in the config file.
 */
public enum LauncherOption {

    /** The config file to read: YAML ({@code .yaml}, {@code .yml}) or JSON ({@code .json}). */
    CONFIG(
            "config",
            "--config",
            "MCP_CONFIG",
            "file",
            "Config file to read, YAML (.yaml, .yml) or JSON (.json); none by default"),

    /**
     * Run as a task worker: no MCP port, only the management endpoints, running the tasks of the shared queue in
     * Redis.
     */
    WORKER(
            "worker",
            "--worker",
            null,
            null,
            "Run as a task worker: serve no MCP port, only /health, /ready and /metrics on http.management-port, and"
                    + " run the tasks the servers queue in Redis (needs redis.url)"),

    /** Print the help and exit. */
    HELP("help", "--help", null, null, "Print this help and exit"),

    /** Print the version and exit. */
    VERSION("version", "--version", null, null, "Print the version and exit"),

    /** Print a new random API key, its hash and a line for the API keys file, and exit. */
    NEW_API_KEY(
            "new-api-key",
            "--new-api-key",
            null,
            null,
            "Print a new random API key and the entry (with its hash) for auth.api-keys-file, then exit"),

    /** Read an API key from standard input, print its hash, and exit. */
    HASH_API_KEY(
            "hash-api-key",
            "--hash-api-key",
            null,
            null,
            "Read an API key from standard input and print its hash for auth.api-keys-file, then exit");

    private final String key;
    private final String flag;
    private final String envVar;
    private final String valueName;
    private final String description;

    LauncherOption(String key, String flag, String envVar, String valueName, String description) {
        this.key = key;
        this.flag = flag;
        this.envVar = envVar;
        this.valueName = valueName;
        this.description = description;
    }

    /** The name errors use for this option ({@code config}). */
    public String key() {
        return key;
    }

    /** The command-line flag, with its leading dashes. */
    public String flag() {
        return flag;
    }

    /** The environment variable that sets this option too, if any. */
    public Optional<String> envVar() {
        return Optional.ofNullable(envVar);
    }

    /** What the flag takes ({@code file}); empty for a bare switch such as {@code --help}. */
    public Optional<String> valueName() {
        return Optional.ofNullable(valueName);
    }

    /** One line for {@code --help} and the docs. */
    public String description() {
        return description;
    }
}
