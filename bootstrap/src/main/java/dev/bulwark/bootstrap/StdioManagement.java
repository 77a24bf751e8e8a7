package dev.bulwark.bootstrap;

import dev.bulwark.bootstrap.config.LoadedConfig;
import dev.bulwark.core.Bulwark;
import dev.bulwark.http.HttpKeys;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.ManagementHttpServer;
import dev.bulwark.serve.PrometheusExposition;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;

/**
 * The management endpoints ({@code /health}, {@code /ready}, {@code /metrics}) of a server over stdio: served on
 * {@code http.host} and {@code http.management-port} only when that port is set, since a process a client starts
 * over stdio opens no port unless told to.
 */
final class StdioManagement {

    private StdioManagement() {}

    /** Whether {@code loaded} asks a server over stdio for its management port: set, and not 0 (no MCP port to share). */
    static boolean requested(LoadedConfig loaded) {
        return loaded.isSet(HttpKeys.HTTP_MANAGEMENT_PORT)
                && !loaded.config().http().operationsOnMcpPort();
    }

    /**
     * The management server, started, when {@link #requested}; else empty, and no port is opened.
     *
     * @throws dev.bulwark.http.PortUnavailableException naming the port when it cannot be opened
     */
    static Optional<ManagementHttpServer> start(
            LoadedConfig loaded, Bulwark bulwark, PrometheusMeterRegistry registry) {
        if (!requested(loaded)) {
            return Optional.empty();
        }
        HttpSettings settings = loaded.config().http();
        return Optional.of(ManagementHttpServer.start(
                settings.host(),
                settings.managementPort(),
                settings.idleTimeout(),
                bulwark.health(),
                new PrometheusExposition(registry)));
    }
}
