package dev.bulwark.bootstrap;

import dev.bulwark.bootstrap.config.LoadedConfig;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.monitor.FleetMonitor;
import dev.bulwark.monitor.MonitorHttp;
import dev.bulwark.monitor.MonitorSettings;
import dev.bulwark.monitor.MonitorTarget;
import dev.bulwark.ports.time.Ticker;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;

/**
 * Runs the server jar as the fleet monitor until SIGTERM.
 */
final class MonitorLauncher {

    private MonitorLauncher() {}

    static int run(LoadedConfig loaded, TerminationSignal termination, Logger log) {
        MonitorSettings settings = loaded.config().monitor();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        try (FleetMonitor monitor = FleetMonitor.start(
                        settings,
                        registry,
                        Clock.systemUTC(),
                        Ticker.system(),
                        loaded.config().core().server().version());
                MonitorHttp http = MonitorHttp.start(settings.host(), settings.port(), registry, monitor::status)) {
            log.atInfo()
                    .addKeyValue("mode", "monitor")
                    .addKeyValue("host", settings.host())
                    .addKeyValue("port", http.port())
                    .addKeyValue(
                            "targets",
                            settings.targets().stream().map(MonitorTarget::name).toList())
                    .addKeyValue("interval_seconds", settings.interval().toSeconds())
                    .addKeyValue("concurrency", settings.concurrency())
                    .addKeyValue("config", loaded.describe())
                    .log("Bulwark fleet monitor watching " + settings.targets().size()
                            + " MCP servers; /metrics, /health and /fleet on its port");
            if (!AuthSettings.isLoopback(settings.host())) {
                log.atWarn()
                        .addKeyValue("host", settings.host())
                        .log("The monitor's /metrics and /fleet answer without authentication beyond loopback:"
                                + " keep the port reachable by the scraper and operators only");
            }
            termination.awaitRequest();
            log.info("Termination signal: the fleet monitor stops");
        }
        log.info("Bulwark fleet monitor stopped");
        return 0;
    }
}
