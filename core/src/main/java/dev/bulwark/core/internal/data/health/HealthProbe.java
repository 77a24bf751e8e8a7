package dev.bulwark.core.internal.data.health;

import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.health.HealthIndicator;
import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link HealthIndicator} with a timeout and measures its latency, never reporting its exception text.
 * Thread-safe.
 */
public final class HealthProbe {

    private static final Logger LOG = LoggerFactory.getLogger(HealthProbe.class);

    private final HealthIndicator indicator;
    private final Duration timeout;
    private final Ticker ticker;
    private final Executor executor;

    public HealthProbe(HealthIndicator indicator, Duration timeout, Ticker ticker, Executor executor) {
        this.indicator = Objects.requireNonNull(indicator, "indicator");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    public String name() {
        return indicator.name();
    }

    public Criticality criticality() {
        return indicator.criticality();
    }

    /** Checks the component now. Never throws. */
    public ProbeResult probe() {
        long start = ticker.nanoTime();
        ComponentHealth health;
        FutureTask<ComponentHealth> check = new FutureTask<>(indicator::check);
        try {
            executor.execute(check);
            health = check.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (health == null) {
                health = ComponentHealth.down("health check returned nothing");
            }
        } catch (TimeoutException e) {
            // Interrupt the hanging check, so repeated probes of a dead dependency do not pile up blocked threads.
            check.cancel(true);
            health = ComponentHealth.down("health check timed out after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            check.cancel(true);
            Thread.currentThread().interrupt();
            health = ComponentHealth.down("health check interrupted");
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn("Health check of {} failed", indicator.name(), e.getCause() == null ? e : e.getCause());
            health = ComponentHealth.down("health check failed");
        }
        Duration latency = Duration.ofNanos(ticker.nanoTime() - start);
        return new ProbeResult(indicator.name(), indicator.criticality(), health.status(), health.details(), latency);
    }

    /**
     * One probe's outcome.
     *
     * @param name the component
     * @param criticality whether the server needs it
     * @param status what the indicator reported
     * @param details safe facts about it
     * @param latency how long the check took
     */
    public record ProbeResult(
            String name,
            Criticality criticality,
            ComponentStatus status,
            Map<String, String> details,
            Duration latency) {
        public ProbeResult {
            details = Map.copyOf(details);
        }
    }
}
