package dev.bulwark.monitor;

import dev.bulwark.monitor.FleetStatus.ServerStatus;
import dev.bulwark.ports.time.Ticker;
import dev.failsafe.Failsafe;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every target on an interval, concurrently. Thread-safe.
 */
public final class FleetMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetMonitor.class);

    private final MonitorSettings settings;
    private final TargetCheck check;
    private final FleetMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService rounds;
    private final ExecutorService checks;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, ServerStatus> states = new ConcurrentHashMap<>();

    private FleetMonitor(MonitorSettings settings, TargetCheck check, FleetMetrics metrics, Clock clock) {
        this.settings = settings;
        this.check = check;
        this.metrics = metrics;
        this.clock = clock;
        settings.targets()
                .forEach(target -> states.put(
                        target.name(), new ServerStatus(target.name(), Optional.empty(), Optional.empty(), 0)));
        this.rounds = Executors.newSingleThreadScheduledExecutor(threads("bulwark-monitor-rounds"));
        this.checks = Executors.newFixedThreadPool(settings.concurrency(), threads("bulwark-monitor-check"));
    }

    /**
     * Starts watching the settings' targets; the first round starts at once.
     *
     * @param settings the targets, interval and concurrency
     * @param registry where {@link FleetMetrics} registers its meters
     * @param clock the wall clock of {@code checked_at}
     * @param ticker the monotonic clock of the response times
     * @param version the monitor's version, sent as the MCP client's version
     */
    public static FleetMonitor start(
            MonitorSettings settings, MeterRegistry registry, Clock clock, Ticker ticker, String version) {
        Objects.requireNonNull(settings, "settings");
        FleetMonitor monitor = new FleetMonitor(
                settings,
                new TargetCheck(clock, ticker, version),
                new FleetMetrics(registry),
                Objects.requireNonNull(clock, "clock"));
        monitor.rounds.scheduleAtFixedRate(
                monitor::round, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
        return monitor;
    }

    /** The fleet as the last checks found it, targets in the configured order. */
    public FleetStatus status() {
        return new FleetStatus(settings.targets().stream()
                .map(target -> states.get(target.name()))
                .toList());
    }

    @Override
    public void close() {
        rounds.shutdownNow();
        checks.shutdownNow();
        try {
            checks.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands each target not being checked to the pool, so a slow server never piles checks up. */
    private void round() {
        for (MonitorTarget target : settings.targets()) {
            if (!inFlight.add(target.name())) {
                LOG.atDebug()
                        .addKeyValue("server", target.name())
                        .log("The previous check of this MCP server is still running: skipped this round");
                continue;
            }
            try {
                checks.execute(() -> {
                    try {
                        record(checkWithin(target));
                    } finally {
                        inFlight.remove(target.name());
                    }
                });
            } catch (RejectedExecutionException e) {
                inFlight.remove(target.name()); // closing
            }
        }
    }

    private CheckResult checkWithin(MonitorTarget target) {
        try {
            return Failsafe.with(Timeout.<CheckResult>builder(target.timeout())
                            .withInterrupt()
                            .build())
                    .get(() -> check.run(target));
        } catch (TimeoutExceededException e) {
            return new CheckResult(
                    target.name(),
                    CheckOutcome.TIMEOUT,
                    OptionalInt.empty(),
                    clock.instant(),
                    Map.of(),
                    OptionalInt.empty());
        }
    }

    private void record(CheckResult result) {
        if (checks.isShutdown()) {
            return; // interrupted by close(): not a finding about the server
        }
        metrics.record(result);
        ServerStatus before = states.get(result.target());
        boolean healthy = result.outcome().isHealthy();
        ServerStatus after = new ServerStatus(
                result.target(),
                Optional.of(result),
                healthy ? Optional.of(result.checkedAt()) : before.lastHealthyAt(),
                healthy ? 0 : before.consecutiveFailures() + 1);
        states.put(result.target(), after);
        CheckOutcome previous = before.last().map(CheckResult::outcome).orElse(null);
        if (previous != result.outcome()) {
            var event = healthy ? LOG.atInfo() : LOG.atWarn();
            event.addKeyValue("server", result.target())
                    .addKeyValue("outcome", result.outcome().label())
                    .log(stateChange(result.outcome()));
        }
    }

    /** The log line of a change to {@code outcome}: what it means, and for a rate-limited probe, what to change. */
    private static String stateChange(CheckOutcome outcome) {
        return switch (outcome) {
            case HEALTHY -> "MCP server is up";
            case DEGRADED -> "MCP server is degraded: its probe reports an optional dependency down";
            case UNHEALTHY -> "MCP server is down: its probe reports it unhealthy";
            case PROBE_RATE_LIMITED ->
                "MCP server is down: its rate limit refused the monitor's probe call, so its"
                        + " health is unknown; probe a tool without a rate limit (health_check on Bulwark) or give the"
                        + " monitor a credential with a budget of its own";
            default -> "MCP server is down";
        };
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
