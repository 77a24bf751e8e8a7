package dev.bulwark.http;

import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.http.drain.CallsInFlight;
import dev.bulwark.http.drain.DrainGate;
import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.ports.health.ServerHealthSource;
import dev.bulwark.ports.metrics.MetricsExposition;
import dev.bulwark.ports.time.Ticker;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * MCP over Streamable HTTP on an embedded Jetty 12: Bulwark's own transports, a hardened edge and the operations
 * endpoints. Thread-safe.
 */
public final class McpHttpServer implements AutoCloseable {

    /** The path of the MCP endpoint. */
    public static final String MCP_PATH = "/mcp";
    /** Slowest acceptable request body, in bytes per second, so a dribbling client cannot hold a connection. */
    public static final long MIN_REQUEST_DATA_RATE = 1024;
    /** How long the end of the drain waits for the answers of the calls it cut off to be written. */
    public static final Duration CUT_OFF_WRITE_PATIENCE = Duration.ofSeconds(2);

    // The parts, one job each: McpTransport is the transport for the mode (with the sessions), McpChain builds the
    // MCP port's handlers with the ordered edge, JettyPorts is Jetty with its ports. This class wires them, and runs
    // the lifecycle: start, drain, stop.
    private final HttpSettings settings;
    private final DrainGate drain = new DrainGate();
    private final CallsInFlight calls = new CallsInFlight();
    private final McpTransport transport;
    private final JettyPorts ports;

    private McpHttpServer(
            HttpSettings settings,
            long maxRequestBytes,
            HttpAuthSettings auth,
            McpJsonMapper jsonMapper,
            ServerHealthSource health,
            MetricsExposition metricsExposition,
            HttpMetrics metrics,
            Ticker ticker) {
        this.settings = settings;
        McpChain chain = new McpChain(settings, maxRequestBytes, auth, jsonMapper, metrics, ticker, drain, calls);
        this.transport = McpTransport.create(settings, maxRequestBytes, auth, jsonMapper, metrics, ticker);
        this.ports = new JettyPorts(
                settings,
                maxRequestBytes,
                metrics,
                chain.routes(transport),
                health,
                metricsExposition,
                drain,
                auth.settings().trustedProxies());
    }

    /**
     * Builds the server (it does not listen until {@link #start()}).
     *
     * @param settings where to listen and how the edge behaves
     * @param maxRequestBytes the largest request body accepted (1 to {@link Integer#MAX_VALUE}); larger bodies get 413
     * @param jsonMapper the SDK's JSON mapper for the MCP transport; a mapper that checks request params
     *     (Bulwark's) has its refusals answered as JSON-RPC errors naming the field
     * @param health the server's health, for {@code /health} and {@code /ready}
     * @param metricsExposition the server's metrics, for {@code /metrics}
     * @param metrics where the HTTP meters go; bind it to the server's registry as a {@code MeterBinder}
     * @param ticker the monotonic clock of session idleness and request durations
     */
    public static McpHttpServer create(
            HttpSettings settings,
            long maxRequestBytes,
            McpJsonMapper jsonMapper,
            ServerHealthSource health,
            MetricsExposition metricsExposition,
            HttpMetrics metrics,
            Ticker ticker) {
        return create(
                settings,
                maxRequestBytes,
                HttpAuthSettings.off(),
                jsonMapper,
                health,
                metricsExposition,
                metrics,
                ticker);
    }

    /**
     * Builds the server with HTTP authentication (it does not listen until {@link #start()}): with
     * {@link HttpAuthSettings#enabled() auth enabled}, every request to {@code /mcp} needs a valid API key or JWT,
     * the protected resource metadata is served, and each session belongs to the principal that created it.
     *
     * @param auth how callers authenticate; {@link HttpAuthSettings#off()} runs every request as
     *     {@link HttpSettings#caller()}
     */
    public static McpHttpServer create(
            HttpSettings settings,
            long maxRequestBytes,
            HttpAuthSettings auth,
            McpJsonMapper jsonMapper,
            ServerHealthSource health,
            MetricsExposition metricsExposition,
            HttpMetrics metrics,
            Ticker ticker) {
        if (maxRequestBytes < 1 || maxRequestBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "maxRequestBytes must be 1-" + Integer.MAX_VALUE + ", was " + maxRequestBytes);
        }
        return new McpHttpServer(
                Objects.requireNonNull(settings, "settings"),
                maxRequestBytes,
                Objects.requireNonNull(auth, "auth"),
                Objects.requireNonNull(jsonMapper, "jsonMapper"),
                Objects.requireNonNull(health, "health"),
                Objects.requireNonNull(metricsExposition, "metricsExposition"),
                Objects.requireNonNull(metrics, "metrics"),
                Objects.requireNonNull(ticker, "ticker"));
    }

    /**
     * The stateful transport, for {@code McpServer.sync(...)} or {@code Bulwark.serve(...)}; it reports its clients'
     * cancellations ({@link dev.bulwark.ports.calls.ReportsCancellations}) to a server that listens for them.
     *
     * @throws IllegalStateException in stateless mode
     */
    public McpStreamableServerTransportProvider sessionTransport() {
        if (transport.stateful() == null) {
            throw new IllegalStateException("The HTTP server is in stateless mode: use statelessTransport()");
        }
        return transport.stateful();
    }

    /**
     * The stateless transport, for {@code McpServer.sync(...)} or {@code Bulwark.serveStateless(...)}.
     *
     * @throws IllegalStateException in stateful mode
     */
    public McpStatelessServerTransport statelessTransport() {
        if (transport.stateless() == null) {
            throw new IllegalStateException("The HTTP server is in stateful mode: use sessionTransport()");
        }
        return transport.stateless();
    }

    public HttpMode mode() {
        return settings.mode();
    }

    /**
     * Opens the ports and starts serving. Call it after an MCP server has taken the transport.
     *
     * @throws PortUnavailableException naming the port when a port cannot be opened
     * @throws IllegalStateException naming the address when the server cannot start for another reason
     */
    public void start() {
        try {
            ports.start();
        } catch (PortUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(
                    "The HTTP server could not listen on " + settings.host() + " port "
                            + settings.port() + (ports.hasManagementPort() ? " and " + settings.managementPort() : "")
                            + ": " + e.getMessage(),
                    e);
        }
        if (transport.evictor() != null) {
            transport.evictor().start();
        }
    }

    /** The port {@code /mcp} listens on (the one chosen when the settings said 0). */
    public int port() {
        return ports.mcpPort();
    }

    /**
     * The MCP port's open connections counted against each client address's share, by the address as counted (a
     * trusted proxy's are not); a snapshot.
     */
    public Map<String, Integer> connectionsPerAddress() {
        return ports.connectionsPerAddress();
    }

    /**
     * Cuts the idle timeout of every connection open on the MCP port now to {@code timeout}: a check that every
     * connection is given back (a test's) then sees each one end that only waits for its client, whatever the client
     * did, while one whose response never completes stays counted.
     */
    void idleTimeoutOfOpenConnections(Duration timeout) {
        ports.idleTimeoutOfOpenConnections(timeout);
    }

    /**
     * How many connections open on the MCP port are being read now: an idle one for its next request, or one whose
     * answer is slow to come, for its client's leaving (a test's view of the watch).
     */
    long connectionsRead() {
        return ports.connectionsRead();
    }

    /** The port of {@code /health}, {@code /ready} and {@code /metrics}. */
    public int managementPort() {
        return ports.managementPort();
    }

    /** Live sessions (0 in stateless mode). */
    public int sessionCount() {
        return transport.sessions() == null ? 0 : transport.sessions().size();
    }

    /**
     * Says the server is leaving: from now on {@code /ready} answers 503, while every MCP request is still served as
     * before. Call it a while ({@link HttpSettings#drainDelay()}) before {@link #startDraining()}, so a load balancer
     * that polls {@code /ready} takes the server out before new requests are refused. Idempotent.
     */
    public void startLeaving() {
        drain.startLeaving();
    }

    /**
     * Starts the drain: from now on {@code /ready} answers 503 and every new MCP request gets 503, while the
     * requests already admitted run on. Idempotent.
     */
    public void startDraining() {
        drain.startDraining();
    }

    public boolean isDraining() {
        return drain.isDraining();
    }

    /**
     * Waits for the MCP requests admitted before the drain to complete, at most {@code grace}.
     *
     * @return whether all of them completed in time
     */
    public boolean awaitInFlight(Duration grace) throws InterruptedException {
        return drain.awaitIdle(grace);
    }

    /**
     * Answers each call still running with a JSON-RPC error ({@value JsonRpcErrors#SERVER_UNAVAILABLE}) saying the
     * shutdown cut it off and it may have run, on its own connection (its event stream or its JSON answer); the
     * handler's own answer, should it come later, is dropped. Call it when the drain's grace has ended, before
     * {@link #stop()}. Returns once those answers are written, or after {@link #CUT_OFF_WRITE_PATIENCE} for a client
     * that does not read them.
     *
     * @return how many calls were answered so
     */
    public int cutOffInFlight() throws InterruptedException {
        int answered = calls.cutOff();
        if (answered > 0) {
            calls.awaitAnswersWritten(CUT_OFF_WRITE_PATIENCE);
        }
        return answered;
    }

    /** MCP requests admitted and not yet complete. */
    public int inFlight() {
        return drain.inFlight();
    }

    /** Stops evicting sessions and closes the ports; open streams are cut. Close the MCP server's sessions first. */
    public void stop() {
        if (transport.evictor() != null) {
            transport.evictor().close();
        }
        ports.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
