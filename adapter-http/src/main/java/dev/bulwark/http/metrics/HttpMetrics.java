package dev.bulwark.http.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP transport's meters.
 */
public final class HttpMetrics implements MeterBinder {

    private static final Set<String> METHODS = Set.of("GET", "POST", "DELETE", "OPTIONS", "HEAD");
    /** The refusal of a connection over its address's share of the connections. */
    public static final String CONNECTIONS_PER_ADDRESS = "connections_per_address";
    /** The closing of a connection whose request head did not arrive in time. */
    public static final String REQUEST_HEAD_TIMEOUT = "request_head_timeout";
    /**
     * The refusals registered at zero in {@code mcp_errors_total} when bound (with the {@code http_} prefix): those
     * that say a client is taking more than its share or the server is full.
     */
    public static final List<String> REGISTERED_AT_ZERO = List.of(
            CONNECTIONS_PER_ADDRESS,
            REQUEST_HEAD_TIMEOUT,
            "session_limit",
            "address_session_limit",
            "caller_session_limit",
            "busy");

    private final AtomicInteger activeConnections = new AtomicInteger();
    private final AtomicInteger activeSessions = new AtomicInteger();
    private final Map<String, MethodMeters> byMethod = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;
    private volatile Counter evicted;
    private volatile Counter sessionsRejected;

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        Gauge.builder("mcp.active.connections", activeConnections, AtomicInteger::get)
                .description("Open HTTP connections on the MCP port")
                .register(meterRegistry);
        Gauge.builder("mcp.sessions.active", activeSessions, AtomicInteger::get)
                .description("Live MCP sessions (stateful HTTP)")
                .register(meterRegistry);
        evicted = Counter.builder("mcp.sessions.evicted")
                .description("MCP sessions ended because they were idle")
                .register(meterRegistry);
        sessionsRejected = Counter.builder("mcp.sessions.rejected")
                .description("New MCP sessions refused because the session cap was reached")
                .register(meterRegistry);
        for (String refusal : REGISTERED_AT_ZERO) {
            errorCounter(meterRegistry, refusal);
        }
        this.registry = meterRegistry;
    }

    /**
     * Something the edge refused outside an HTTP exchange (a connection closed below HTTP): counted in
     * {@code mcp_errors_total} with the error type {@code http_<refusal>}.
     */
    public void refused(String refusal) {
        MeterRegistry meters = registry;
        if (meters != null) {
            errorCounter(meters, refusal).increment();
        }
    }

    private Counter errorCounter(MeterRegistry meters, String refusal) {
        return errors.computeIfAbsent("http_" + refusal.toLowerCase(Locale.ROOT), key -> refusals(meters, refusal));
    }

    /**
     * The counter of {@code refusal} in {@code mcp_errors_total} (error type {@code http_<refusal>}), for a door
     * that refuses at a web server other than Bulwark's own.
     */
    public static Counter refusals(MeterRegistry meters, String refusal) {
        return Counter.builder("mcp.errors")
                .description("Failed MCP requests by error type")
                .tag("error_type", "http_" + refusal.toLowerCase(Locale.ROOT))
                .register(meters);
    }

    /** A connection was opened on the MCP port. */
    public void connectionOpened() {
        activeConnections.incrementAndGet();
    }

    /** A connection on the MCP port was closed. */
    public void connectionClosed() {
        activeConnections.decrementAndGet();
    }

    /** The number of live sessions is now {@code count}. */
    public void sessionsNow(int count) {
        activeSessions.set(count);
    }

    /** An idle session was ended. */
    public void sessionEvicted() {
        Counter counter = evicted;
        if (counter != null) {
            counter.increment();
        }
    }

    /** A new session was refused at the cap. */
    public void sessionRejected() {
        Counter counter = sessionsRejected;
        if (counter != null) {
            counter.increment();
        }
    }

    /**
     * An exchange on {@code /mcp} ended.
     *
     * @param refusal the error type when the edge refused it, else {@code null}
     */
    public void exchangeEnded(String httpMethod, int status, long nanos, String refusal) {
        MeterRegistry meters = registry;
        if (meters == null) {
            return;
        }
        String method = METHODS.contains(httpMethod) ? httpMethod : "OTHER";
        MethodMeters methodMeters = byMethod.get(method);
        if (methodMeters == null) {
            methodMeters = byMethod.computeIfAbsent(method, key -> new MethodMeters(meters, key));
        }
        methodMeters.record(status, nanos);
        if (refusal != null) {
            errorCounter(meters, refusal).increment();
        }
    }

    /** Open connections on the MCP port now. */
    public int activeConnections() {
        return activeConnections.get();
    }

    /**
     * The meters of one HTTP method: its duration timer and its exchange counters by status, found per exchange
     * without building a key (this runs on every request).
     */
    private static final class MethodMeters {

        private final MeterRegistry meters;
        private final String method;
        private final Timer duration;
        private final Map<Integer, Counter> byStatus = new ConcurrentHashMap<>();

        MethodMeters(MeterRegistry meters, String method) {
            this.meters = meters;
            this.method = method;
            this.duration = Timer.builder("mcp.http.request.duration")
                    .description("Duration of HTTP exchanges on the MCP endpoint, SSE streams until they end")
                    .tag("method", method)
                    .publishPercentileHistogram()
                    .register(meters);
        }

        void record(int status, long nanos) {
            Counter counter = byStatus.get(status);
            if (counter == null) {
                counter = byStatus.computeIfAbsent(
                        status,
                        key -> Counter.builder("mcp.http.requests")
                                .description("HTTP exchanges on the MCP endpoint by method and status")
                                .tags("method", method, "status", Integer.toString(key))
                                .register(meters));
            }
            counter.increment();
            duration.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
