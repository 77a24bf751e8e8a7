package dev.bulwark.stdio;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The MCP stdio transport for the Java SDK: serves exactly one session as newline-delimited JSON-RPC 2.0
 * (UTF-8) read from an input stream (normally stdin) and written to an output stream (normally stdout).
 *
 * <p>It replaces the SDK's {@code StdioServerTransportProvider} where that one gives up too easily:
 * <ul>
 *   <li>The output carries JSON-RPC messages only, one per line, written by a single thread
 *       ({@code bulwark-stdio-out}). Nothing else of this class ever writes to it; logs go through SLF4J.</li>
 *   <li>A malformed line does not end the session. Invalid JSON (or invalid UTF-8) is answered with error
 *       {@code -32700 "Parse error"}; valid JSON that is not a JSON-RPC 2.0 message with
 *       {@code -32600 "Invalid Request"}, carrying the message's {@code id} when one can be read and
 *       {@code null} otherwise. Error messages are short and never echo the line. Serving continues with the
 *       next line. Blank lines are ignored. With a mapper that checks params (Bulwark's), a request whose params
 *       do not fit its method is answered with the mapper's {@code -32602 "Invalid params"} error and its id.</li>
 *   <li>The MCP lifecycle is kept ({@link InitializationGate}): a request before the session is open is answered
 *       at once ({@code ping} with its result, anything else with {@code -32600} saying what to send first) rather
 *       than held unanswered by the SDK's session; a second {@code initialize} is refused.</li>
 *   <li>A line longer than {@code maxLineBytes} (not counting its terminator) is answered with {@code -32600}
 *       and skipped to its end without being buffered whole; serving continues.</li>
 *   <li>End of input ends the session cleanly: requests already being handled are given up to
 *       30 seconds to answer, every queued message is flushed, and then
 *       {@link #terminated()} completes, so {@code main} can wait on it and exit 0. The server's own requests to
 *       the client (sampling, elicitation, roots) still unanswered can no longer be answered: they fail at once with
 *       {@code -32603} saying the client closed its input, so the calls waiting for them end now rather than at
 *       their timeout.</li>
 *   <li>{@link #closeGracefully()} (SIGTERM) ends the session the same way, but stdin is still read while the calls
 *       in flight finish: the client's answers to the server's requests still reach them, a new request is answered
 *       with {@code -32000 "Service unavailable: the server is shutting down"} and its id, a notification is
 *       dropped.</li>
 *   <li>A client that stops reading stdout cannot make the server buffer without bound: once
 *       {@value #MAX_QUEUED_OUTPUT} lines wait to be written, the reader stops reading stdin until half of them
 *       are, so the client's own writes block. At the end of the session, a stdout that takes nothing for
 *       {@value #STALLED_OUTPUT_SECONDS} s is given up on (logged at WARN with the number of lines lost), so the
 *       process can still exit.</li>
 * </ul>
 *
 * <p>Inbound messages are handed to {@link McpServerSession#handle} in input order by a single reader thread
 * ({@code bulwark-stdio-in}); their handling and responses may complete concurrently and in any order. At most
 * 256 requests and notifications are in flight at once; beyond that the reader stops
 * reading until one finishes (back-pressure through the pipe). Responses from the client to server-initiated
 * requests are never held back, so a handler that waits for the client cannot block the reader.
 *
 * <p>Both threads are daemon threads. The streams are not closed by this class; their owner closes them.
 * With the {@link #StdioTransportProvider(McpJsonMapper) convenience constructor}, {@code System.out} is captured
 * at construction, so the caller may afterwards point {@code System.out} at stderr to keep stray prints of
 * third-party code off the protocol stream.
 *
 * <p>Thread-safe: every public method may be called from any thread. An instance serves one session and is
 * not reusable after it has terminated.
 */
public final class StdioTransportProvider implements McpServerTransportProvider {

    /** The default limit for one inbound line: 16 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

    /** How many inbound requests and notifications may be handled at once before the reader pauses. */
    static final int MAX_IN_FLIGHT = 256;

    /** How long the end of the session waits for requests still being handled. */
    static final long DRAIN_TIMEOUT_SECONDS = 30;

    /**
     * How many lines may wait to be written to stdout before the reader stops reading stdin; it reads again once
     * half of them have been written. Bounds the memory a client that does not read its answers can take.
     */
    static final int MAX_QUEUED_OUTPUT = 1024;

    /** At the end of the session, how long stdout may take no line at all before the transport gives up on it. */
    static final long STALLED_OUTPUT_SECONDS = 10;

    /** JSON-RPC implementation-defined server error: the server cannot take the request now. */
    static final int SERVER_UNAVAILABLE = -32000;

    private static final Logger log = LoggerFactory.getLogger(StdioTransportProvider.class);

    private static final String JSONRPC_VERSION = "2.0";
    private static final int OUTPUT_BUFFER_BYTES = 64 * 1024;
    /** Marks the end of the outbound queue. */
    private static final Object END_OF_OUTPUT = new Object();

    private final McpJsonMapper jsonMapper;
    private final InputStream in;
    private final OutputStream rawOut;
    private final OutputStream out;
    private final int maxLineBytes;

    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    /** Set once the session is ending: no further inbound message is dispatched. */
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Semaphore inFlightPermits = new Semaphore(MAX_IN_FLIGHT);
    private final InitializationGate lifecycle = new InitializationGate();
    /** Completes when, after {@link #closing} was set, no dispatched message is still being handled. */
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    /** Pre-rendered lines ({@link String}) and messages ({@link JSONRPCMessage}), then {@link #END_OF_OUTPUT}. */
    private final BlockingQueue<Object> outbound = new LinkedBlockingQueue<>();
    private final Object outboundLock = new Object();
    /** Guarded by {@link #outboundLock}: once true, nothing more is queued. */
    private boolean outboundClosed;
    /** Lines queued and not yet written; the reader waits while there are too many. */
    private final AtomicInteger queuedOutput = new AtomicInteger();
    /** The most lines ever queued at once, for tests. */
    private final AtomicInteger queuedOutputHighWater = new AtomicInteger();
    /** The reader waits on it for room in the outbound queue; the writer notifies it. */
    private final Object outputRoom = new Object();
    private volatile boolean readerWaitingForOutput;
    /** At the end of the session, how long stdout may take no line before it is given up on. */
    private volatile long stalledOutputNanos = TimeUnit.SECONDS.toNanos(STALLED_OUTPUT_SECONDS);
    /** {@link System#nanoTime()} when the writer last finished writing a line. */
    private volatile long lastOutputProgress = System.nanoTime();
    /** Ids of the server's requests to the client (sampling, elicitation, roots) not answered yet. */
    private final Set<Object> awaitingClient = ConcurrentHashMap.newKeySet();
    /** Set once stdin has ended or failed: the client can answer nothing more. */
    private volatile boolean inputEnded;

    /** Guarded by {@code this} for writes. */
    private volatile McpServerSession session;

    /**
     * Creates a provider for the process's own stdin and stdout, with a limit of {@value #DEFAULT_MAX_LINE_BYTES}
     * bytes per inbound line.
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
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
        this.in = Objects.requireNonNull(in, "in");
        this.rawOut = Objects.requireNonNull(out, "out");
        if (maxLineBytes <= 0 || maxLineBytes > BoundedLineReader.MAX_LIMIT) {
            throw new IllegalArgumentException(
                    "maxLineBytes must be between 1 and " + BoundedLineReader.MAX_LIMIT + ": " + maxLineBytes);
        }
        this.out = new BufferedOutputStream(out, OUTPUT_BUFFER_BYTES);
        this.maxLineBytes = maxLineBytes;
        drained.whenComplete((ignored, error) -> closeOutbound());
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
        if (closing.get()) {
            throw new IllegalStateException("The stdio transport is already closed");
        }
        session = sessionFactory.create(new SessionTransport());
        Thread writer = new Thread(this::writeOutput, "bulwark-stdio-out");
        writer.setDaemon(true);
        Thread reader = new Thread(this::readInput, "bulwark-stdio-in");
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
                    closing.set(true);
                    terminated.complete(null);
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

    // ----------------------------------------------------------------------------------------------------------
    // Inbound

    private void readInput() {
        BoundedLineReader reader = new BoundedLineReader(in, maxLineBytes);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            while (!terminated.isDone()) {
                awaitOutputRoom();
                int length = reader.readLine();
                if (length == BoundedLineReader.END_OF_INPUT) {
                    if (!closing.get()) {
                        log.info("stdin reached end of input; ending the MCP session");
                    }
                    break;
                }
                if (terminated.isDone()) {
                    break;
                }
                if (length == BoundedLineReader.TOO_LONG) {
                    reject(null, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: the message is larger"
                            + " than the limit of " + maxLineBytes + " bytes (limits.max-request-size); it was not"
                            + " read, so its id is unknown", "line too long");
                } else {
                    processLine(reader.buffer(), length, utf8);
                }
            }
        } catch (IOException e) {
            if (!closing.get()) {
                log.warn("Reading stdin failed; ending the MCP session: {}", e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // An Error too (out of memory, say): logged as a JSON line like the rest, not printed raw on stderr by
            // the thread's default handler
            log.error("The stdin reader failed unexpectedly; ending the MCP session", e);
        } finally {
            endSession();
        }
    }

    /**
     * Waits, before reading the next line, while too many lines wait to be written: a client that does not read
     * stdout then finds stdin full instead of the server buffering its answers without bound.
     */
    private void awaitOutputRoom() throws InterruptedException {
        if (queuedOutput.get() < MAX_QUEUED_OUTPUT) {
            return;
        }
        long since = System.nanoTime();
        boolean reported = false;
        synchronized (outputRoom) {
            readerWaitingForOutput = true;
            try {
                while (queuedOutput.get() > MAX_QUEUED_OUTPUT / 2 && !terminated.isDone()) {
                    outputRoom.wait(1000);
                    if (!reported && System.nanoTime() - since > stalledOutputNanos) {
                        reported = true;
                        log.info("The client has not read stdout for {} s ({} messages waiting); reading of stdin"
                                + " is paused until it does", TimeUnit.NANOSECONDS.toSeconds(stalledOutputNanos),
                                queuedOutput.get());
                    }
                }
            } finally {
                readerWaitingForOutput = false;
            }
        }
    }

    /** Sets how long stdout may take nothing at the end of the session before it is given up on; for tests. */
    void stalledOutputTimeout(Duration timeout) {
        stalledOutputNanos = timeout.toNanos();
    }

    /** Whether the session is ending (no new request is run); for tests. */
    boolean isEnding() {
        return closing.get();
    }

    /** Whether the reader is paused because too many lines wait to be written; for tests. */
    boolean readerWaitingForOutput() {
        return readerWaitingForOutput;
    }

    /** The most lines that have waited to be written at once; for tests. */
    int queuedOutputHighWater() {
        return queuedOutputHighWater.get();
    }

    private void outputWritten(int lines) {
        lastOutputProgress = System.nanoTime();
        int left = queuedOutput.addAndGet(-lines);
        if (readerWaitingForOutput && left <= MAX_QUEUED_OUTPUT / 2) {
            wakeReader();
        }
    }

    private void wakeReader() {
        synchronized (outputRoom) {
            outputRoom.notifyAll();
        }
    }

    private void processLine(byte[] bytes, int length, CharsetDecoder utf8) throws InterruptedException {
        if (isBlank(bytes, length)) {
            return;
        }
        String text;
        try {
            text = utf8.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            reject(null, McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: the line is not valid UTF-8", "not UTF-8");
            return;
        }
        Object json;
        try {
            json = jsonMapper.readValue(text, Object.class);
        } catch (IOException | RuntimeException e) {
            reject(null, McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: the line is not valid JSON (one value,"
                    + " each key once, nested at most 1000 deep)", "not JSON");
            return;
        }
        Inbound inbound = toMessage(json);
        if (inbound.refusal() != null) {
            JSONRPCError refusal = inbound.refusal();
            reject(inbound.id(), refusal.code(), refusal.message(), refusal.message());
            return;
        }
        if (inbound.message() == null) {
            String reason = inbound.problem();
            reject(inbound.id(), McpSchema.ErrorCodes.INVALID_REQUEST,
                    reason == null ? "Invalid Request" : "Invalid Request: " + reason,
                    reason == null ? "not a JSON-RPC message" : reason);
            return;
        }
        dispatch(inbound.message());
    }

    /**
     * The result of reading one JSON value as a JSON-RPC message: the message; or the id and a problem; or the id and
     * the error the mapper refused the request with (params that do not fit its method).
     */
    private record Inbound(JSONRPCMessage message, Object id, String problem, JSONRPCError refusal) {

        Inbound(JSONRPCMessage message, Object id, String problem) {
            this(message, id, problem, null);
        }
    }

    /** Classifies a parsed JSON value the way the SDK does, but says what is wrong instead of throwing. */
    private Inbound toMessage(Object json) {
        if (!(json instanceof Map<?, ?> map)) {
            return new Inbound(null, null,
                    json instanceof List ? "batches are not supported" : "expected a JSON object");
        }
        Object rawId = map.get("id");
        Object id = isValidId(rawId) ? rawId : null;
        if (!JSONRPC_VERSION.equals(map.get("jsonrpc"))) {
            return new Inbound(null, id, "jsonrpc must be \"2.0\"");
        }
        Class<? extends JSONRPCMessage> type;
        if (map.containsKey("method")) {
            if (!(map.get("method") instanceof String)) {
                return new Inbound(null, id, "method must be a string");
            }
            if (map.containsKey("id") && id == null) {
                return new Inbound(null, null, "id must be a string or an integer of at most 64 bits");
            }
            type = map.containsKey("id") ? JSONRPCRequest.class : JSONRPCNotification.class;
        } else if (map.containsKey("result") || map.containsKey("error")) {
            if (id == null) {
                return new Inbound(null, null, "id must be a string or an integer of at most 64 bits");
            }
            type = JSONRPCResponse.class;
        } else {
            return new Inbound(null, id, "expected method, result or error");
        }
        try {
            return new Inbound(jsonMapper.convertValue(map, type), id, null);
        } catch (RuntimeException e) {
            // A mapper that checks params (Bulwark's) refuses a request whose params do not fit its method with an
            // IllegalArgumentException caused by the McpError to answer with; its message is written for the client.
            if (e.getCause() instanceof McpError refusal && id != null) {
                return new Inbound(null, id, null, refusal.getJsonRpcError());
            }
            return new Inbound(null, id, null);
        }
    }

    /** A string or an integer of at most 64 bits: the ids MCP allows that the SDK takes. */
    private static boolean isValidId(Object id) {
        return id instanceof String || id instanceof Integer || id instanceof Long;
    }

    private static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private void dispatch(JSONRPCMessage message) throws InterruptedException {
        if (message instanceof JSONRPCResponse response) {
            awaitingClient.remove(response.id());
        }
        if (closing.get() && !(message instanceof JSONRPCResponse)) {
            // The session is ending: a call in flight may still wait for the client's answer, so responses pass;
            // nothing new starts.
            if (message instanceof JSONRPCRequest request) {
                log.debug("Refused a request read while the session was ending");
                enqueue(errorLine(request.id(), SERVER_UNAVAILABLE,
                        "Service unavailable: the server is shutting down; the request was not run"));
            } else {
                log.debug("Dropped a notification read while the session was ending");
            }
            return;
        }
        switch (lifecycle.admit(message)) {
            case ANSWER_PING -> {
                enqueue(new JSONRPCResponse(JSONRPC_VERSION, ((JSONRPCRequest) message).id(), Map.of(), null));
                return;
            }
            case REFUSE -> {
                log.warn("Refused a request out of the MCP lifecycle's order: {}", lifecycle.refusal());
                enqueue(errorLine(((JSONRPCRequest) message).id(), McpSchema.ErrorCodes.INVALID_REQUEST,
                        lifecycle.refusal()));
                return;
            }
            case DROP -> {
                log.warn("Dropped notifications/initialized read before any initialize request");
                return;
            }
            case PASS -> {
                // below
            }
        }
        McpServerSession current = session;
        if (message instanceof JSONRPCResponse) {
            // Completes a pending server-to-client request at once; never held back by the in-flight limit,
            // since the handler waiting for it may hold a permit.
            subscribe(current, message);
            return;
        }
        inFlightPermits.acquire();
        if (closing.get()) {
            inFlightPermits.release();
            log.debug("Dropped an inbound message read while the session was ending");
            return;
        }
        inFlight.incrementAndGet();
        try {
            current.handle(message).doFinally(signal -> handled()).subscribe(null, this::logHandlingFailure);
        } catch (RuntimeException e) {
            log.error("Handing an inbound message to the MCP session failed", e);
            handled();
        }
    }

    private void subscribe(McpServerSession current, JSONRPCMessage message) {
        try {
            current.handle(message).subscribe(null, this::logHandlingFailure);
        } catch (RuntimeException e) {
            log.error("Handing an inbound message to the MCP session failed", e);
        }
    }

    private void handled() {
        inFlightPermits.release();
        if (inFlight.decrementAndGet() == 0 && closing.get()) {
            drained.complete(null);
        }
    }

    private void logHandlingFailure(Throwable error) {
        if (closing.get()) {
            log.debug("An inbound message failed while the session was ending: {}", error.toString());
        } else {
            log.warn("Handling an inbound message failed: {}", error.toString());
        }
    }

    /** Answers a line that is not a usable JSON-RPC message; logs the fact, never the line. */
    private void reject(Object id, int code, String message, String logReason) {
        log.warn("Rejected a malformed stdin line ({}) with JSON-RPC error {}", logReason, code);
        if (!enqueue(errorLine(id, code, message))) {
            log.debug("Could not answer a malformed line: the session is ending");
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Shutdown

    /** Called by the reader when input has ended or failed. */
    private void endSession() {
        failRequestsAwaitingClient();
        if (!closing.get()) {
            try {
                session.close(); // runs the server's close hooks, then our transport's close()
            } catch (RuntimeException e) {
                log.warn("Closing the MCP session failed", e);
            }
        }
        beginShutdown();
    }

    /**
     * Answers, in the client's place, the server's requests the client can no longer answer now that its input has
     * ended, so the calls waiting for them fail at once instead of at their timeout.
     */
    private void failRequestsAwaitingClient() {
        inputEnded = true; // first: a request sent from now on is refused by sendMessage, one sent before is here
        McpServerSession current = session;
        for (Object id : awaitingClient) {
            if (awaitingClient.remove(id)) {
                subscribe(current, new JSONRPCResponse(JSONRPC_VERSION, id, null, new JSONRPCError(
                        McpSchema.ErrorCodes.INTERNAL_ERROR,
                        "The client closed its input (stdin) before answering this request", null)));
            }
        }
    }

    /** Stops dispatching input; once handling drains (or times out) the outbound queue is ended. Idempotent. */
    private void beginShutdown() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (inFlight.get() == 0) {
            drained.complete(null);
        }
        drained.completeOnTimeout(null, DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private void closeOutbound() {
        int stillRunning = inFlight.get();
        if (stillRunning > 0) {
            log.warn("{} request(s) still running {} s after the session began ending; closing stdout without them",
                    stillRunning, DRAIN_TIMEOUT_SECONDS);
        }
        synchronized (outboundLock) {
            if (!outboundClosed) {
                outboundClosed = true;
                outbound.add(END_OF_OUTPUT);
            }
        }
        watchStalledOutput();
    }

    /**
     * Once the end of output is queued, gives up on a stdout nobody reads: when no line has been written for
     * {@value #STALLED_OUTPUT_SECONDS} s, {@link #terminated()} completes without the rest, so the process can exit.
     */
    private void watchStalledOutput() {
        if (terminated.isDone()) {
            return;
        }
        long stalledNanos = System.nanoTime() - lastOutputProgress;
        if (stalledNanos >= stalledOutputNanos) {
            log.warn("stdout has taken nothing for {} s; ending the session without writing {} queued message(s)",
                    TimeUnit.NANOSECONDS.toSeconds(stalledNanos), queuedOutput.get());
            terminated.complete(null);
            wakeReader();
            return;
        }
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(this::watchStalledOutput);
    }

    // ----------------------------------------------------------------------------------------------------------
    // Outbound

    private boolean enqueue(Object item) {
        int queued;
        synchronized (outboundLock) {
            if (outboundClosed) {
                return false;
            }
            queued = queuedOutput.incrementAndGet();
            outbound.add(item);
        }
        if (queued > queuedOutputHighWater.get()) {
            queuedOutputHighWater.accumulateAndGet(queued, Math::max);
        }
        return true;
    }

    private void writeOutput() {
        try {
            while (true) {
                Object item = outbound.take();
                if (item == END_OF_OUTPUT) {
                    flush();
                    log.debug("stdout flushed; the stdio transport has terminated");
                    return;
                }
                String line = item instanceof String rendered ? rendered : render((JSONRPCMessage) item);
                if (line != null) {
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                }
                outputWritten(1);
                if (outbound.isEmpty()) {
                    flush();
                }
            }
        } catch (IOException e) {
            outputFailed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("The stdout writer failed unexpectedly; ending the MCP session", e);
            outputFailed(e);
        } finally {
            terminated.complete(null);
            wakeReader();
        }
    }

    private void flush() throws IOException {
        out.flush();
        if (rawOut instanceof PrintStream printStream && printStream.checkError()) {
            throw new IOException("stdout reported a write error");
        }
    }

    private void outputFailed(Exception e) {
        synchronized (outboundLock) {
            outboundClosed = true;
            outbound.clear();
            queuedOutput.set(0);
        }
        wakeReader();
        if (!closing.get()) {
            log.warn("Writing stdout failed; ending the MCP session: {}", e.toString());
            try {
                session.close();
            } catch (RuntimeException closeFailure) {
                log.warn("Closing the MCP session failed", closeFailure);
            }
            beginShutdown();
        }
    }

    /**
     * Serializes one message to a single line. The mapper escapes line breaks inside strings, so a raw line break
     * can only be insignificant whitespace (a pretty-printing mapper); it becomes a space, keeping the JSON valid.
     */
    private String render(JSONRPCMessage message) {
        String json;
        try {
            json = jsonMapper.writeValueAsString(message);
        } catch (IOException | RuntimeException e) {
            log.error("Could not serialize an outbound {}", message.getClass().getSimpleName(), e);
            if (message instanceof JSONRPCResponse response) {
                return errorLine(response.id(), McpSchema.ErrorCodes.INTERNAL_ERROR,
                        "Internal error: the response could not be serialized");
            }
            return null;
        }
        if (json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0) {
            json = json.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
        }
        return json;
    }

    /**
     * Renders an error response by hand: the SDK's {@link JSONRPCResponse} rejects a {@code null} id, and a mapper
     * configured to omit nulls would drop the {@code "id": null} JSON-RPC requires.
     */
    private static String errorLine(Object id, int code, String message) {
        String idJson = id == null ? "null" : id instanceof String text ? jsonString(text) : id.toString();
        return "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"error\":{\"code\":" + code + ",\"message\":"
                + jsonString(message) + "}}";
    }

    private static String jsonString(String value) {
        StringBuilder json = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    // ----------------------------------------------------------------------------------------------------------

    /** The SDK's view of the one session's transport. */
    private final class SessionTransport implements McpServerTransport {

        /** Queues the message for stdout; completes once queued, errors if the session has ended. */
        @Override
        public Mono<Void> sendMessage(JSONRPCMessage message) {
            return Mono.defer(() -> {
                if (message instanceof JSONRPCRequest request) {
                    awaitingClient.add(request.id());
                    if (inputEnded && awaitingClient.remove(request.id())) {
                        return Mono.<Void>error(new IllegalStateException(
                                "The client closed its input (stdin); it can answer no request"));
                    }
                }
                if (enqueue(message)) {
                    return Mono.<Void>empty();
                }
                if (message instanceof JSONRPCRequest request) {
                    awaitingClient.remove(request.id());
                }
                return Mono.<Void>error(new IllegalStateException("The stdio transport is closed"));
            });
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return jsonMapper.convertValue(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.defer(() -> {
                beginShutdown();
                return Mono.fromFuture(terminated, true);
            });
        }

        @Override
        public void close() {
            beginShutdown();
        }
    }
}
