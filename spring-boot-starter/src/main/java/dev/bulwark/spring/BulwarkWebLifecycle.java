package dev.bulwark.spring;

import dev.bulwark.core.Bulwark;
import java.time.Duration;
import java.util.List;
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

    private final List<Door> doors;
    private final ApplicationContext context;
    private final Duration drainDelay;
    private final Duration drainGrace;
    private volatile boolean running;

    /**
     * One door the drain covers.
     *
     * @param bulwark its server
     * @param servlet its servlet
     */
    record Door(Bulwark bulwark, McpServlet servlet) {}

    BulwarkWebLifecycle(
            Bulwark bulwark, McpServlet door, ApplicationContext context, Duration drainDelay, Duration drainGrace) {
        this(List.of(new Door(bulwark, door)), context, drainDelay, drainGrace);
    }

    /** Drains every door of {@code doors} at once: the default endpoint's and each named endpoint's. */
    BulwarkWebLifecycle(List<Door> doors, ApplicationContext context, Duration drainDelay, Duration drainGrace) {
        this.doors = List.copyOf(doors);
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
                .addKeyValue("in_flight", inFlight())
                .addKeyValue("delay_seconds", drainDelay.toSeconds())
                .addKeyValue("grace_seconds", drainGrace.toSeconds())
                .log("Application stopping: readiness refuses traffic for the drain delay, then Bulwark drains, new"
                        + " MCP requests get 503, calls in flight complete");
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        doors.forEach(door -> door.bulwark().health().startDraining());
        try {
            if (!drainDelay.isZero()) {
                Thread.sleep(drainDelay.toMillis()); // for the balancer to notice: every request is still served
            }
            for (Door door : doors) {
                door.servlet().startDraining();
                door.bulwark().endSubscriptions();
            }
            long deadline = System.nanoTime() + drainGrace.toNanos();
            for (Door door : doors) {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                if (!door.servlet().awaitInFlight(left)) {
                    LOG.atWarn()
                            .addKeyValue("in_flight", door.servlet().inFlight())
                            .log("Drain grace over with calls still in flight: each is answered as cut off");
                    door.servlet().cutOffInFlight();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            doors.forEach(door -> door.servlet().cutOffInFlight());
        }
    }

    private int inFlight() {
        return doors.stream().mapToInt(door -> door.servlet().inFlight()).sum();
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
