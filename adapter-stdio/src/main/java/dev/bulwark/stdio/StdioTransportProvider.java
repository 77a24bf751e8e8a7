package dev.bulwark.stdio;

import dev.bulwark.ports.calls.CancelledRequests;
import dev.bulwark.ports.calls.ReportsCancellations;
import dev.bulwark.ports.calls.RunsRequestsOnItsOwnThreads;
import dev.bulwark.ports.calls.WritesInitializeAnswers;
import dev.bulwark.ports.era2026.Era2026Requests;
import dev.bulwark.ports.era2026.ServesEra2026;
import dev.bulwark.ports.logging.FailureText;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.sessions.ServesSessionRequests;
import dev.bulwark.ports.sessions.SessionRequests;
import dev.bulwark.ports.tracing.RequestTraces;
import dev.bulwark.ports.tracing.TracesRequests;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The MCP stdio transport for the Java SDK: serves one session as newline-delimited JSON-RPC 2.0 over an input and
 * an output stream (normally stdin and stdout), and keeps serving through malformed, oversized or early lines.
 *
 * <p>Thread-safe: every public method may be called from any thread. An instance serves one session.
 */
public final class StdioTransportProvider
        implements McpServerTransportProvider,
                ReportsCancellations,
                TracesRequests,
                RunsRequestsOnItsOwnThreads,
                ServesEra2026,
                ServesSessionRequests,
                WritesInitializeAnswers {

    /** The default limit for one inbound line: 16 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

    /** How many requests may run on the request threads at once; more wait their turn. */
    static final int MAX_IN_FLIGHT = InboundDispatcher.MAX_IN_FLIGHT;

    /**
     * How many lines may wait to be written to stdout before the reader stops reading stdin; it reads again once
     * half of them have been written. Bounds the memory a client that does not read its answers can take.
     */
    static final int MAX_QUEUED_OUTPUT = 1024;

    /** At the end of the session, how long stdout may take no line at all before the transport gives up on it. */
    static final long STALLED_OUTPUT_SECONDS = 10;

    /** JSON-RPC implementation-defined server error: the server cannot take the request now. */
    static final int SERVER_UNAVAILABLE = StdioRefusals.SERVER_UNAVAILABLE;

    private static final Logger log = LoggerFactory.getLogger(StdioTransportProvider.class);

    // The parts, one job each: a StdinReader reads and parses lines, an InboundDispatcher hands them to the session
    // and counts them, an OutputPump writes stdout, a StdioSessionTransport is the session's way out. This class
    // wires them, starts their threads, and decides when the session ends.
    private final McpJsonMapper jsonMapper;
    private final InputStream in;
    private final int maxLineBytes;

    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final PendingClientRequests awaitingClient = new PendingClientRequests();
    private final ServedRequestSpans spans = new ServedRequestSpans();
    private final OutputPump output;
    private final InboundDispatcher dispatcher;
    private final RequestWorkers requestThreads;

    /** Guarded by {@code this} for writes. */
    private volatile McpServerSession session;
    /** The session's way out, once the session exists. */
    private volatile StdioSessionTransport sessionTransport;
    /** How an {@code initialize} answer shows on the wire; as the SDK made it until told otherwise. */
    private volatile UnaryOperator<Object> initializeWire = UnaryOperator.identity();

    /**
     * Creates a provider for the process's own stdin and stdout, with a limit of {@value #DEFAULT_MAX_LINE_BYTES}
     * bytes per inbound line. It captures {@code System.out} now, so the caller may then point {@code System.out} at
     * stderr to keep stray prints off the protocol stream.
     *
     * @param jsonMapper maps JSON-RPC messages to and from JSON
     */
    public StdioTransportProvider(McpJsonMapper jsonMapper) {
        this(jsonMapper, System.in, System.out, DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * Creates a provider for the given streams.
     *
     * @param jsonMapper maps JSON-RPC messages to and from JSON
     * @param in where newline-delimited JSON-RPC messages are read from
     * @param out where newline-delimited JSON-RPC messages are written to; nothing else is written to it
     * @param maxLineBytes the largest inbound line accepted, in bytes, not counting its line terminator
     * @throws IllegalArgumentException if {@code maxLineBytes} is not positive or too large for an array
     */
    public StdioTransportProvider(McpJsonMapper jsonMapper, InputStream in, OutputStream out, int maxLineBytes) {
        this(jsonMapper, in, out, maxLineBytes, InboundDispatcher.DEFAULT_DRAIN_TIMEOUT);
    }

    /**
     * Creates a provider for the given streams, whose end waits at most {@code drainTimeout} for the requests still
     * being handled (30 s with the other constructors): make it longer than the tools' timeout, so that a call running
     * when the client closes stdin still gets its answer, its timeout's included.
     *
     * @throws IllegalArgumentException if {@code maxLineBytes} is not positive or too large for an array, or
     *     {@code drainTimeout} is not positive
     */
    public StdioTransportProvider(
            McpJsonMapper jsonMapper, InputStream in, OutputStream out, int maxLineBytes, Duration drainTimeout) {
        this(
                jsonMapper,
                in,
                out,
                maxLineBytes,
                drainTimeout,
                InFlightLimit.maxHeldBytes(Runtime.getRuntime().maxMemory(), maxLineBytes));
    }

    /**
     * As the constructor above, with the bytes of lines the requests running and waiting may take together (a 64th of
     * the heap there): tests give a small one.
     */
    StdioTransportProvider(
            McpJsonMapper jsonMapper,
            InputStream in,
            OutputStream out,
            int maxLineBytes,
            Duration drainTimeout,
            long maxHeldBytes) {
        if (drainTimeout.isNegative() || drainTimeout.isZero()) {
            throw new IllegalArgumentException("drainTimeout must be positive: " + drainTimeout);
        }
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
        this.in = Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        if (maxLineBytes <= 0 || maxLineBytes > BoundedLineReader.MAX_LIMIT) {
            throw new IllegalArgumentException(
                    "maxLineBytes must be between 1 and " + BoundedLineReader.MAX_LIMIT + ": " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.output = new OutputPump(
                out,
                MAX_QUEUED_OUTPUT,
                Duration.ofSeconds(STALLED_OUTPUT_SECONDS),
                new JsonRpcLines(jsonMapper)::render,
                terminated,
                this::outputFailed);
        this.requestThreads = new RequestWorkers();
        this.dispatcher = new InboundDispatcher(
                () -> session, output, awaitingClient, spans, requestThreads, drainTimeout, maxHeldBytes);
        dispatcher.whenDrained(() -> {
            requestThreads.shutdown();
            output.close();
        });
    }

    /**
     * Reports the client's {@code notifications/cancelled} to {@code requests} (with this session's id) as soon as
     * they are read, however many requests run or wait their turn. They are not passed to the session, which ignores
     * them. Before this is called they are passed on as any notification. A cancellation naming a request that still
     * waits its turn is not reported: that request is taken out, never runs and gets no answer.
     */
    @Override
    public void reportCancellationsTo(CancelledRequests requests) {
        dispatcher.reportCancellationsTo(Objects.requireNonNull(requests, "requests"));
    }

    /**
     * A handler holds {@code requestThread}, one of this transport's request threads, past its call's deadline:
     * another thread takes the transport's requests in its place until that handler returns.
     */
    @Override
    public void requestThreadHeld(Thread requestThread) {
        requestThreads.standIn(requestThread);
    }

    /**
     * Opens a server span through {@code traces} for each request of the session the SDK answers itself, from now
     * on (the core traces the rest itself).
     */
    @Override
    public void traceRequestsWith(RequestTraces traces) {
        spans.traceWith(traces);
    }

    /**
     * Serves the requests of the 2026 protocol era that {@code requests} claims through it, as {@code defaultCaller},
     * from now on: they need no {@code initialize}, and their answers and subscription notifications go out on
     * stdout like the session's. The core calls it before the server is built.
     */
    @Override
    public void serveEra2026With(Era2026Requests requests, Principal defaultCaller) {
        dispatcher.serveEra2026With(new Era2026Dispatch(requests, defaultCaller, requestThreads, output));
    }

    /**
     * Serves the session requests that {@code requests} claims (the tool list, the session era's task requests)
     * through it, as {@code defaultCaller}, from now on: the core answers them in the session's place and runs their
     * tasks' calls in the session. The core calls it before the server is built.
     */
    @Override
    public void serveSessionRequestsWith(SessionRequests requests, Principal defaultCaller) {
        dispatcher.serveSessionRequestsWith(
                new SessionRequestDispatch(requests, defaultCaller, () -> session, () -> sessionTransport));
    }

    /** Writes the session's {@code initialize} answer as {@code wire} shows it, from now on. */
    @Override
    public void showInitializeAnswersWith(UnaryOperator<Object> wire) {
        this.initializeWire = Objects.requireNonNull(wire, "wire");
    }

    /**
     * Creates the one session this transport serves and starts the reader and writer threads. Called by the SDK
     * when the server is built.
     *
     * @throws IllegalStateException if called a second time, or after the provider was closed
     */
    @Override
    public synchronized void setSessionFactory(McpServerSession.Factory sessionFactory) {
        Objects.requireNonNull(sessionFactory, "sessionFactory");
        if (session != null) {
            throw new IllegalStateException("The stdio transport serves a single session, and it already exists");
        }
        if (dispatcher.isClosing()) {
            throw new IllegalStateException("The stdio transport is already closed");
        }
        sessionTransport = new StdioSessionTransport(
                jsonMapper, output, awaitingClient, dispatcher, terminated, spans, () -> initializeWire);
        session = sessionFactory.create(sessionTransport);
        Thread writer = new Thread(output, "bulwark-stdio-out");
        writer.setDaemon(true);
        Thread reader = new Thread(
                new StdinReader(
                        in, maxLineBytes, new InboundLineParser(jsonMapper), dispatcher, output, this::inputEnded),
                "bulwark-stdio-in");
        reader.setDaemon(true);
        writer.start();
        reader.start();
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return Mono.defer(() -> {
            McpServerSession current = session;
            if (current == null) {
                return Mono.error(new IllegalStateException("No stdio session to notify yet"));
            }
            return current.sendNotification(method, params);
        });
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return Mono.defer(() -> {
            McpServerSession current = session;
            if (current == null) {
                return Mono.error(new IllegalStateException("No stdio session to notify yet"));
            }
            if (!current.getId().equals(sessionId)) {
                return Mono.error(new IllegalStateException("No stdio session with id " + sessionId));
            }
            return current.sendNotification(method, params);
        });
    }

    /**
     * Ends the session: stops dispatching input, waits (bounded) for requests being handled, flushes every queued
     * message, and completes once {@link #terminated()} has.
     */
    @Override
    public Mono<Void> closeGracefully() {
        return Mono.defer(() -> {
            McpServerSession current;
            synchronized (this) {
                current = session;
                if (current == null) {
                    terminated.complete(null); // first: no writer runs, so nothing is left to wait for
                    dispatcher.beginShutdown();
                    return Mono.empty();
                }
            }
            return current.closeGracefully();
        });
    }

    /**
     * A future that completes when the session has ended, at end of input or by {@link #closeGracefully()}, and
     * every outbound message has been written and flushed (or the output has failed, in which case nothing more
     * can be delivered). It never completes exceptionally. Each call returns a new dependent future, so
     * completing or cancelling it has no effect on the transport.
     *
     * @return a future completing when the transport has terminated
     */
    public CompletableFuture<Void> terminated() {
        return terminated.copy();
    }

    /** Sets how long stdout may take nothing at the end of the session before it is given up on; for tests. */
    void stalledOutputTimeout(Duration timeout) {
        output.stallTimeout(timeout);
    }

    /** Whether the session is ending (no new request is run); for tests. */
    boolean isEnding() {
        return dispatcher.isClosing();
    }

    /** How many requests wait their turn, beyond the in-flight limit; for tests. */
    int requestsWaiting() {
        return dispatcher.requestsWaiting();
    }

    /** Whether the reader is paused because too many lines wait to be written; for tests. */
    boolean readerWaitingForOutput() {
        return output.readerWaiting();
    }

    /** The most lines that have waited to be written at once; for tests. */
    int queuedOutputHighWater() {
        return output.highWater();
    }

    /** Called by the reader when input has ended or failed. */
    private void inputEnded() {
        dispatcher.clientInputEnded();
        closeSession();
    }

    /** Called by the writer when stdout failed; the pump has dropped what was queued. */
    private void outputFailed(Exception e) {
        if (!dispatcher.isClosing()) {
            log.warn("Writing stdout failed; ending the MCP session: {}", FailureText.of(e));
            closeSession();
        }
    }

    /** Closes the session unless it is ending already, and begins the shutdown that ends the output. */
    private void closeSession() {
        if (!dispatcher.isClosing()) {
            try {
                session.close(); // runs the server's close hooks, then our transport's close()
            } catch (RuntimeException e) {
                log.warn("Closing the MCP session failed", e);
            }
        }
        dispatcher.beginShutdown();
    }
}
