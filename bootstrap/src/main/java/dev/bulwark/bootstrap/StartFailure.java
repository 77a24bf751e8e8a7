package dev.bulwark.bootstrap;

import dev.bulwark.bootstrap.config.LoadedConfig;
import dev.bulwark.config.ConfigKey;
import dev.bulwark.http.HttpKeys;
import dev.bulwark.http.PortUnavailableException;
import dev.bulwark.monitor.MonitorKeys;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.postgres.DatabaseKeys;
import dev.bulwark.redis.RedisKeys;
import java.net.BindException;
import java.util.Locale;
import java.util.Objects;

/**
 * Why the server could not start: one line for the operator, and an exit code. Immutable.
 *
 * @param exitCode {@link BulwarkServer#EXIT_CONFIG_ERROR}, {@link BulwarkServer#EXIT_PORT_IN_USE},
 *     {@link BulwarkServer#EXIT_DEPENDENCY_DOWN} or {@link BulwarkServer#EXIT_START_FAILURE}
 * @param line the line printed first on stderr; never a Java class name, a stack trace or a secret
 */
record StartFailure(int exitCode, String line) {

    private static final String PREFIX = "bulwark-server: ";

    /** Requires both parts. */
    StartFailure {
        Objects.requireNonNull(line, "line");
    }

    /**
     * What {@code failure}, thrown while the server was wired or started its listeners, means for the operator of
     * {@code loaded}.
     */
    static StartFailure of(Throwable failure, LoadedConfig loaded) {
        PortUnavailableException port = find(failure, PortUnavailableException.class);
        if (port != null) {
            ConfigKey<?, Integer> key = port.listener() == PortUnavailableException.Listener.MCP
                    ? HttpKeys.HTTP_PORT
                    : HttpKeys.HTTP_MANAGEMENT_PORT;
            return cannotListen(port, port.host(), port.port(), key, HttpKeys.HTTP_HOST, loaded);
        }
        BindException bind = find(failure, BindException.class);
        if (bind != null) {
            boolean monitor = loaded.config().monitor().enabled();
            ConfigKey<?, Integer> key = monitor ? MonitorKeys.PORT : HttpKeys.HTTP_PORT;
            ConfigKey<?, String> hostKey = monitor ? MonitorKeys.HOST : HttpKeys.HTTP_HOST;
            String host = monitor
                    ? loaded.config().monitor().host()
                    : loaded.config().http().host();
            int number = monitor
                    ? loaded.config().monitor().port()
                    : loaded.config().http().port();
            return cannotListen(bind, host, number, key, hostKey, loaded);
        }
        DependencyUnavailableException dependency = find(failure, DependencyUnavailableException.class);
        if (dependency != null) {
            String name = dependency.dependency().toLowerCase(Locale.ROOT);
            ConfigKey<?, ?> key = switch (name) {
                case "redis" -> RedisKeys.REDIS_URL;
                case "database" -> DatabaseKeys.DATABASE_URL;
                default -> null;
            };
            String check = key == null
                    ? "check that it is up and reachable from this host"
                    : "check that it is up, reachable from this host, and that " + named(key, loaded) + " points at it";
            return new StartFailure(
                    BulwarkServer.EXIT_DEPENDENCY_DOWN,
                    PREFIX + "the required dependency " + name + " could not be reached at start; " + check
                            + ", then start again");
        }
        return new StartFailure(
                BulwarkServer.EXIT_START_FAILURE,
                PREFIX + "the server could not start because of"
                        + " an unexpected error; the log lines below hold its details (logger dev.bulwark.bootstrap"
                        + ".BulwarkServer, level ERROR)");
    }

    /**
     * A port that could not be opened: in use by another process (exit code {@link BulwarkServer#EXIT_PORT_IN_USE}),
     * or a host that is no address of this machine (a configuration error).
     */
    private static StartFailure cannotListen(
            Throwable failure,
            String host,
            int port,
            ConfigKey<?, Integer> portKey,
            ConfigKey<?, String> hostKey,
            LoadedConfig loaded) {
        BindException bind = find(failure, BindException.class);
        String reason = bind == null || bind.getMessage() == null
                ? ""
                : bind.getMessage().toLowerCase(Locale.ROOT);
        if (reason.contains("assign") || reason.contains("not available")) {
            // EADDRNOTAVAIL ("Cannot assign requested address"): the host, not the port, is at fault
            return new StartFailure(
                    BulwarkServer.EXIT_CONFIG_ERROR,
                    PREFIX + "cannot listen on " + host + ", "
                            + named(hostKey, loaded) + ": it is not an address of this machine; set "
                            + settable(hostKey)
                            + " to one of its addresses, 0.0.0.0 for all of them, or 127.0.0.1");
        }
        if (reason.contains("denied")) {
            return new StartFailure(
                    BulwarkServer.EXIT_PORT_IN_USE,
                    PREFIX + "cannot listen on " + host + " port "
                            + port + ", " + named(portKey, loaded) + ": permission denied (ports below 1024 need"
                            + " privileges); set " + settable(portKey) + " to a port of 1024 or above");
        }
        return new StartFailure(
                BulwarkServer.EXIT_PORT_IN_USE,
                PREFIX + "cannot listen on " + host + " port " + port
                        + ", " + named(portKey, loaded) + ": another process is using it; stop that process, or set "
                        + settable(portKey) + " to a free port");
    }

    /** The key with where its value came from: {@code http.port (flag --port)}. */
    private static String named(ConfigKey<?, ?> key, LoadedConfig loaded) {
        String source;
        try {
            source = loaded.sourceOf(key);
        } catch (IllegalArgumentException notLoaded) {
            source = "default";
        }
        return key.path() + " (" + source + ")";
    }

    /** The key with the ways to set it: {@code http.port (--port or MCP_HTTP_PORT)}. */
    private static String settable(ConfigKey<?, ?> key) {
        return key.path() + " (" + key.flag() + " or " + key.envVar() + ")";
    }

    /** The first throwable of {@code type} in {@code failure}'s cause chain, or null. */
    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (type.isInstance(suppressed)) {
                    return type.cast(suppressed);
                }
            }
        }
        return null;
    }
}
