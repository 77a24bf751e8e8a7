package dev.bulwark.spring;

import dev.bulwark.core.Bulwark;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Drains the servlet door ({@code bulwark.transport=web}) when the application stops, before its web server does, in
 * the order docs/spring-boot.md gives. Thread-safe.
 */
final class BulwarkWebLifecycle implements SmartLifecycle {

    /** Stops before the web server's graceful shutdown begins: the port still accepts while readiness says no. */
    static final int PHASE = BulwarkHttpLifecycle.PHASE + 1;

    private static final Logger LOG = LoggerFactory.getLogger(BulwarkWebLifecycle.class);

    private final Bulwark bulwark;
    private final McpServlet door;
    private final ApplicationContext context;
    private final Duration drainDelay;
    private final Duration drainGrace;
    private volatile boolean running;

    BulwarkWebLifecycle(
            Bulwark bulwark, McpServlet door, ApplicationContext context, Duration drainDelay, Duration drainGrace) {
        this.bulwark = Objects.requireNonNull(bulwark, "bulwark");
        this.door = Objects.requireNonNull(door, "door");
        this.context = Objects.requireNonNull(context, "context");
        this.drainDelay = Objects.requireNonNull(drainDelay, "drainDelay");
        this.drainGrace = Objects.requireNonNull(drainGrace, "drainGrace");
    }

    @Override
    public void start() {
        running = true;
    }

    /** Drains; see the class comment. Blocks for at most the drain delay and the drain grace. */
    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        LOG.atInfo()
                .addKeyValue("in_flight", door.inFlight())
                .addKeyValue("delay_seconds", drainDelay.toSeconds())
                .addKeyValue("grace_seconds", drainGrace.toSeconds())
                .log("Application stopping: readiness refuses traffic for the drain delay, then Bulwark drains, new"
                        + " MCP requests get 503, calls in flight complete");
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        bulwark.health().startDraining();
        try {
            if (!drainDelay.isZero()) {
                Thread.sleep(drainDelay.toMillis()); // for the balancer to notice: every request is still served
            }
            door.startDraining();
            bulwark.endSubscriptions();
            if (!door.awaitInFlight(drainGrace)) {
                LOG.atWarn()
                        .addKeyValue("in_flight", door.inFlight())
                        .log("Drain grace over with calls still in flight: each is answered as cut off");
                door.cutOffInFlight();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            door.cutOffInFlight();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
