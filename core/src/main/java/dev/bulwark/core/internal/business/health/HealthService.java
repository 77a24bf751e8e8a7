package dev.bulwark.core.internal.business.health;

import dev.bulwark.core.BulwarkHealth;
import dev.bulwark.core.ComponentReport;
import dev.bulwark.core.HealthReport;
import dev.bulwark.core.ServerStatus;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.internal.data.health.HealthProbe;
import dev.bulwark.core.internal.data.health.HealthProbe.ProbeResult;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.health.ServerHealth;
import dev.bulwark.ports.time.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Combines every dependency's health into one {@link HealthReport}, for checks, readiness and liveness.
 * Thread-safe.
 */
public final class HealthService implements BulwarkHealth {

    /** How old the last check may be before a liveness read starts a new one in the background. */
    public static final Duration LIVENESS_REFRESH = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(HealthService.class);

    private final List<HealthProbe> probes;
    private final ServerSettings server;
    private final Clock clock;
    private final Ticker ticker;
    private final Executor refresher;
    private final long startedAtNanos;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicReference<Checked> last = new AtomicReference<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();

    /** A service whose background checks run on a daemon thread of their own, started when one is needed. */
    public HealthService(List<HealthProbe> probes, ServerSettings server, Clock clock, Ticker ticker) {
        this(probes, server, clock, ticker, HealthService::onOwnThread);
    }

    /** A service whose background checks (for liveness) run on {@code refresher}. */
    public HealthService(
            List<HealthProbe> probes, ServerSettings server, Clock clock, Ticker ticker, Executor refresher) {
        this.probes = List.copyOf(probes);
        this.server = Objects.requireNonNull(server, "server");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.refresher = Objects.requireNonNull(refresher, "refresher");
        this.startedAtNanos = ticker.nanoTime();
    }

    private static void onOwnThread(Runnable check) {
        Thread thread = new Thread(check, "bulwark-health-refresh");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void startDraining() {
        draining.set(true);
    }

    @Override
    public boolean isDraining() {
        return draining.get();
    }

    /** Runs every probe and combines the results; liveness reads them from then on. */
    @Override
    public HealthReport check() {
        long startedAt = ticker.nanoTime();
        List<ProbeResult> results = new ArrayList<>();
        for (HealthProbe probe : probes) {
            results.add(probe.probe());
        }
        results.sort(Comparator.comparing(ProbeResult::name));
        HealthReport report = new HealthReport(
                combine(results, draining.get()),
                draining.get(),
                clock.instant(),
                uptime(),
                server.version(),
                server.environment(),
                results.stream().map(HealthService::report).toList());
        Checked checked = new Checked(statuses(report), startedAt);
        // Of checks running at once, the one started last is what is known.
        last.accumulateAndGet(
                checked,
                (known, fresh) ->
                        known == null || fresh.startedAtNanos() - known.startedAtNanos() >= 0 ? fresh : known);
        return report;
    }

    /** The report as the transports' operations endpoints need it: statuses only, no details. */
    @Override
    public ServerHealth serverHealth() {
        return statuses(check());
    }

    /**
     * What the last check found (readiness, {@code health_check}, or one this started), from memory: never waits for
     * a check. When the last one is older than {@link #LIVENESS_REFRESH}, or there was none, starts one in the
     * background for the next read, unless one is running. Draining shows at once.
     */
    @Override
    public Optional<ServerHealth> lastKnownHealth() {
        Checked checked = last.get();
        if (checked == null || ticker.nanoTime() - checked.startedAtNanos() >= LIVENESS_REFRESH.toNanos()) {
            refreshInBackground();
        }
        if (checked == null) {
            return Optional.empty();
        }
        ServerHealth known = checked.health();
        return Optional.of(
                draining.get() && !known.draining()
                        ? new ServerHealth(ServerHealth.Status.UNHEALTHY, true, known.components())
                        : known);
    }

    private void refreshInBackground() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        try {
            refresher.execute(() -> {
                try {
                    check();
                } catch (RuntimeException e) {
                    LOG.warn("A background health check failed", e);
                } finally {
                    refreshing.set(false);
                }
            });
        } catch (RuntimeException e) {
            refreshing.set(false);
            LOG.warn("A background health check could not be started", e);
        }
    }

    private static ServerHealth statuses(HealthReport report) {
        Map<String, ComponentStatus> components = new LinkedHashMap<>();
        report.components().forEach(component -> components.put(component.name(), component.status()));
        return new ServerHealth(ServerHealth.Status.valueOf(report.status().name()), report.draining(), components);
    }

    /** How long this service (and so the server) has been up. */
    @Override
    public Duration uptime() {
        return Duration.ofNanos(ticker.nanoTime() - startedAtNanos);
    }

    static ServerStatus combine(List<ProbeResult> results, boolean draining) {
        if (draining) {
            return ServerStatus.UNHEALTHY;
        }
        ServerStatus status = ServerStatus.HEALTHY;
        for (ProbeResult result : results) {
            if (result.status() == ComponentStatus.DOWN && result.criticality() == Criticality.REQUIRED) {
                return ServerStatus.UNHEALTHY;
            }
            if (result.status() != ComponentStatus.UP) {
                status = ServerStatus.DEGRADED;
            }
        }
        return status;
    }

    /** The report's view of one probe's result. */
    private static ComponentReport report(HealthProbe.ProbeResult result) {
        return new ComponentReport(
                result.name(), result.status(), result.criticality(), result.latency(), result.details());
    }

    /** A check's statuses and when it started. */
    private record Checked(ServerHealth health, long startedAtNanos) {}
}
