package dev.bulwark.core.internal.business.health;

import dev.bulwark.core.ComponentReport;
import dev.bulwark.core.HealthCheck;
import dev.bulwark.core.HealthReport;
import dev.bulwark.core.ServerStatus;

import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.internal.data.health.HealthProbe;
import dev.bulwark.core.internal.data.health.HealthProbe.ProbeResult;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.health.ServerHealth;
import dev.bulwark.ports.health.ServerHealthSource;
import dev.bulwark.ports.time.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Combines every dependency's health into one {@link HealthReport}:
 *
 * <ul>
 *   <li>{@code UNHEALTHY} when draining, or when a {@link Criticality#REQUIRED required} component is down;
 *   <li>{@code DEGRADED} when an optional component is down, or any component reports degraded;
 *   <li>{@code HEALTHY} otherwise (and with no components at all).
 * </ul>
 *
 * It is also the {@link ServerHealthSource} transports read for their liveness and readiness endpoints.
 * Thread-safe; every call runs the probes afresh.
 */
public final class HealthService implements HealthCheck, ServerHealthSource {

    private final List<HealthProbe> probes;
    private final ServerSettings server;
    private final Clock clock;
    private final Ticker ticker;
    private final long startedAtNanos;
    private final AtomicBoolean draining = new AtomicBoolean();

    public HealthService(List<HealthProbe> probes, ServerSettings server, Clock clock, Ticker ticker) {
        this.probes = List.copyOf(probes);
        this.server = Objects.requireNonNull(server, "server");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.startedAtNanos = ticker.nanoTime();
    }

    /** Marks the server as shutting down: from now on it reports unhealthy (not ready). */
    public void startDraining() {
        draining.set(true);
    }

    public boolean isDraining() {
        return draining.get();
    }

    /** Runs every probe and combines the results. */
    public HealthReport check() {
        List<ProbeResult> results = new ArrayList<>();
        for (HealthProbe probe : probes) {
            results.add(probe.probe());
        }
        results.sort(Comparator.comparing(ProbeResult::name));
        return new HealthReport(
                combine(results, draining.get()),
                draining.get(),
                clock.instant(),
                uptime(),
                server.version(),
                server.environment(),
                results.stream().map(HealthService::report).toList());
    }

    /** The report as the transports' operations endpoints need it: statuses only, no details. */
    @Override
    public ServerHealth serverHealth() {
        HealthReport report = check();
        Map<String, ComponentStatus> components = new LinkedHashMap<>();
        report.components().forEach(component -> components.put(component.name(), component.status()));
        return new ServerHealth(
                ServerHealth.Status.valueOf(report.status().name()), report.draining(), components);
    }

    /** How long this service (and so the server) has been up. */
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
}
