package dev.bulwark.bootstrap;

import dev.bulwark.bootstrap.config.ConfigError;
import dev.bulwark.bootstrap.config.LoadedConfig;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.config.StartupConfigException;
import dev.bulwark.bootstrap.wiring.DaggerServerComponent;
import dev.bulwark.bootstrap.wiring.ServerComponent;
import dev.bulwark.config.ConfigKey;
import dev.bulwark.core.Bulwark;
import dev.bulwark.http.HttpKeys;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.ManagementHttpServer;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisKeys;
import dev.bulwark.serve.PrometheusExposition;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Runs the server jar as a task worker ({@code --worker}) until SIGTERM: the same tools as a server, running the
 * tasks the servers queue in Redis, with no MCP port and the management endpoints on their own port.
 */
final class WorkerLauncher {

    private static final String PREFIX = "bulwark-server: ";

    private WorkerLauncher() {}

    /**
     * Why {@code loaded} cannot run as a worker, as the one line the launcher prints (exit code 2), or empty when it
     * can.
     */
    static Optional<String> refusal(LoadedConfig loaded) {
        ServerConfig config = loaded.config();
        if (config.monitor().enabled()) {
            return Optional.of(PREFIX + "--worker and monitor.enabled cannot run in one process: start the fleet"
                    + " monitor and the worker as two processes");
        }
        if (config.redis().url().isEmpty()) {
            return Optional.of(
                    PREFIX + "--worker runs the tasks the servers queue in Redis, and " + settable(RedisKeys.REDIS_URL)
                            + " is not set: set it to the Redis the servers use, or start without --worker");
        }
        if (config.http().operationsOnMcpPort()) {
            return Optional.of(PREFIX + "--worker opens no MCP port, and " + HttpKeys.HTTP_MANAGEMENT_PORT.path() + " ("
                    + sourceOf(HttpKeys.HTTP_MANAGEMENT_PORT, loaded) + ") is 0, which serves /health, /ready and"
                    + " /metrics on the MCP port: set " + settable(HttpKeys.HTTP_MANAGEMENT_PORT)
                    + " to a port of their own, or to any");
        }
        return Optional.empty();
    }

    /** Where {@code key}'s value came from ({@code flag --management-port}, {@code default}). */
    private static String sourceOf(ConfigKey<?, ?> key, LoadedConfig loaded) {
        return loaded.locate(new ConfigError(key.path(), StartupConfigException.WIRING_SOURCE, ""))
                .source();
    }

    /** The key with the ways to set it: {@code redis.url (--redis-url or REDIS_URL)}. */
    private static String settable(ConfigKey<?, ?> key) {
        return key.path() + " (" + key.flag() + " or environment variable " + key.envVar() + ")";
    }

    /** Runs the worker until the termination signal; {@link #refusal} must have found nothing. */
    static int run(LoadedConfig loaded, TerminationSignal termination, Logger log) {
        ServerComponent component = DaggerServerComponent.factory().create(loaded.config());
        Bulwark bulwark = component.bulwark();
        HttpSettings settings = loaded.config().http();
        ManagementHttpServer management;
        try {
            management = ManagementHttpServer.start(
                    settings.host(),
                    settings.managementPort(),
                    settings.idleTimeout(),
                    bulwark.health(),
                    new PrometheusExposition(component.prometheusRegistry()));
        } catch (RuntimeException e) {
            try {
                close(bulwark, component);
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        log.atInfo()
                .addKeyValue("mode", "worker")
                .addKeyValue("host", settings.host())
                .addKeyValue("management_port", management.port())
                .addKeyValue("server", loaded.config().core().server().name())
                .addKeyValue("version", loaded.config().core().server().version())
                .addKeyValue("environment", loaded.config().core().server().environment())
                .addKeyValue("tools", bulwark.tools().size())
                .addKeyValue("tracing", component.tracing().enabled() ? "otlp" : "off")
                .addKeyValue("config", loaded.describe())
                .log("Bulwark worker running the tasks queued in Redis; /health, /ready and /metrics on its"
                        + " management port, no MCP port");

        termination.awaitRequest();
        log.info("Termination signal: the worker takes no more tasks; a task it still runs is taken over by"
                + " another runner once its hold lapses");
        management.startDraining();
        bulwark.health().startDraining();
        try {
            management.close();
        } finally {
            close(bulwark, component);
        }
        log.info("Bulwark worker stopped");
        return 0;
    }

    private static void close(Bulwark bulwark, ServerComponent component) {
        try {
            bulwark.close();
        } finally {
            component.outboundServices().close();
            component.upstreams().close();
            component.redisConnection().ifPresent(RedisConnection::close);
            component.database().close();
            component.tracing().close();
        }
    }
}
