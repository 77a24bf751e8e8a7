package dev.bulwark.bootstrap;

import dev.bulwark.bootstrap.config.LoadedConfig;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.wiring.DaggerServerComponent;
import dev.bulwark.bootstrap.wiring.HttpServing;
import dev.bulwark.bootstrap.wiring.ServerComponent;
import dev.bulwark.core.Bulwark;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.serve.BulwarkHttp;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;

/**
 * Serves MCP over Streamable HTTP until SIGTERM (or SIGINT), then drains.
 */
final class HttpLauncher {

    /**
     * The system property the launcher ({@code src/launcher/bulwark}) sets to the transport of the class-data archive
     * it chose: {@code stdio} or {@code http}; unset without one.
     */
    static final String ARCHIVE_TRANSPORT = "bulwark.cds.transport";

    private HttpLauncher() {}

    /**
     * How long the termination signal waits for the drain and the orderly stop before the process ends anyway: the
     * drain delay, the drain grace and the close grace. A platform's grace after SIGTERM (Kubernetes' {@code
     * terminationGracePeriodSeconds}, with its {@code preStop} sleep, Compose's {@code stop_grace_period}, Cloud
     * Run's fixed 10 s) should be longer.
     */
    static Duration shutdownPatience(ServerConfig config) {
        return config.http()
                .drainDelay()
                .plus(config.http().drainGrace())
                .plus(config.http().closeGrace());
    }

    static int serve(LoadedConfig loaded, TerminationSignal termination, Logger log) {
        ServerComponent component = DaggerServerComponent.factory().create(loaded.config());
        Bulwark bulwark = component.bulwark();
        Runnable closePools = () -> {
            component.outboundServices().close();
            component.upstreams().close();
            component.redisConnection().ifPresent(RedisConnection::close);
            component.database().close();
            component.tracing().close();
        };
        BulwarkHttp http;
        try {
            http = HttpServing.start(loaded.config(), bulwark);
        } catch (RuntimeException e) {
            // a port in use, say: what was wired is closed before the launcher reports it
            try {
                bulwark.close();
                closePools.run();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return serve(loaded, termination, bulwark, http, component.tracing().enabled(), closePools, log);
    }

    /**
     * Serves {@code bulwark} through {@code http} until the termination signal (at once when it came during
     * start-up), then drains and closes both, and {@code closePools} last.
     *
     * @param tracing whether spans are exported, for the start line
     */
    static int serve(
            LoadedConfig loaded,
            TerminationSignal termination,
            Bulwark bulwark,
            BulwarkHttp http,
            boolean tracing,
            Runnable closePools,
            Logger log) {

        HttpSettings settings = loaded.config().http();
        log.atInfo()
                .addKeyValue("transport", "http")
                .addKeyValue("mode", http.mode().name().toLowerCase(Locale.ROOT))
                .addKeyValue("host", settings.host())
                .addKeyValue("port", http.port())
                .addKeyValue("management_port", http.managementPort())
                .addKeyValue("authentication", loaded.config().auth().requiredFor(settings.host()) ? "required" : "off")
                .addKeyValue("server", loaded.config().core().server().name())
                .addKeyValue("version", loaded.config().core().server().version())
                .addKeyValue("environment", loaded.config().core().server().environment())
                .addKeyValue("tools", bulwark.tools().size())
                .addKeyValue("tracing", tracing ? "otlp" : "off")
                .addKeyValue("config", loaded.describe())
                .log("Bulwark server serving MCP over Streamable HTTP at /mcp");
        warnWhenExposed(loaded.config(), log);
        noteTheLaunchersArchive(System.getProperty(ARCHIVE_TRANSPORT), log);

        termination.awaitRequest();
        drain(http, log);
        try {
            http.close();
        } finally {
            bulwark.close();
            closePools.run();
        }
        log.info("Bulwark server stopped");
        return 0;
    }

    private static void drain(BulwarkHttp http, Logger log) {
        log.atInfo()
                .addKeyValue("in_flight", http.inFlight())
                .addKeyValue("delay_seconds", http.drainDelay().toSeconds())
                .addKeyValue("grace_seconds", http.drainGrace().toSeconds())
                .log("Termination signal: /ready answers 503 and requests are served for the drain delay; then"
                        + " draining, new requests get 503, calls in flight complete");
        try {
            if (!http.drain()) {
                log.atWarn()
                        .addKeyValue("in_flight", http.inFlight())
                        .log("Drain grace over with calls still in flight: each was answered as cut off; closing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Warns about a bind beyond loopback whose callers are not authenticated. ({@link BulwarkHttp} warns about
     * credentials configured with authentication off, for the server jar as for an embedding application.)
     */
    static void warnWhenExposed(ServerConfig config, Logger log) {
        HttpSettings settings = config.http();
        if (!config.auth().requiredFor(settings.host()) && !AuthSettings.isLoopback(settings.host())) {
            log.atWarn()
                    .addKeyValue("host", settings.host())
                    .addKeyValue("principal", settings.principal())
                    .log("Serving beyond loopback with auth.mode off: every HTTP caller runs as the configured"
                            + " http.principal; turn authentication on unless a gateway in front authenticates");
        }
    }

    /**
     * Says how to start faster when the launcher chose its stdio archive for this HTTP server: it does when HTTP is
     * turned on in a config file, which the launcher does not read, or when there is no HTTP archive. The server works
     * all the same; it reads Jetty's and the HTTP transport's classes from the jar.
     */
    static void noteTheLaunchersArchive(String archiveTransport, Logger log) {
        if ("stdio".equals(archiveTransport)) {
            log.info("Started with the launcher's class-data archive for stdio, which lacks the HTTP classes: the"
                    + " launcher takes its HTTP archive, where the build made one, for --http or MCP_HTTP=true");
        }
    }
}
