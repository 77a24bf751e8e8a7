package dev.bulwark.http.transport;

import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.ports.json.JsonBytes;
import dev.bulwark.ports.json.JsonBytesWriter;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * One stream of server-sent events of a session (the answer stream of one POSTed request, or the session's GET
 * stream), which keeps every event it writes so that a client that lost its connection can resume it on a new one.
 * Thread-safe: one lock orders the writes, and a resumption against them.
 */
final class SseStream implements McpStreamableServerTransport {

    private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);

    /** The reason given to the client when a request is cancelled because the client cancelled its call. */
    static final String CALL_CANCELLED = "The call it was sent for was cancelled";
    /** The reason given to the client when a request is cancelled because its call was answered or closed. */
    static final String CALL_ENDED = "The call it was sent for has ended (finished, failed or timed out)";

    /** Set when the answer could not be written as JSON. */
    private volatile boolean unwritable;

    private final long number;
    private final Object requestId;
    private final EventLog log;
    private final McpJsonMapper jsonMapper;
    private final long retryMillis;
    private final Runnable onClosed;
    /**
     * The ids of the requests the server sent on this answer stream, for its call, that the client has not answered
     * yet; emptied when the stream closes.
     */
    private final Set<Object> awaitingClient = ConcurrentHashMap.newKeySet();

    private final ReentrantLock lock = new ReentrantLock();
    private long nextSequence = 1;
    private EventConnection connection;
    private byte[] priming;
    private boolean closed;
    /** The answer to the stream's request once it was sent; {@code null} before. The first one sent is the only one. */
    private final AtomicReference<McpSchema.JSONRPCResponse> answer = new AtomicReference<>();
    /** Runs once the answer is made, before it is written ({@link #whenAnswered}). */
    private volatile Runnable onAnswer = () -> {};

    /**
     * @param number the stream's number in its session
     * @param requestId the id of the request it answers, or {@code null} for the session's GET stream
     * @param log where the session keeps its events
     * @param retryMillis how long a client should wait before it reconnects, sent with the priming event
     * @param onClosed runs once when the stream closes
     */
    SseStream(
            long number,
            Object requestId,
            EventLog log,
            McpJsonMapper jsonMapper,
            long retryMillis,
            Runnable onClosed) {
        this.number = number;
        this.requestId = requestId;
        this.log = Objects.requireNonNull(log, "log");
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
        this.retryMillis = retryMillis;
        this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
        log.opened(number);
    }

    long number() {
        return number;
    }

    /**
     * Attaches the stream's first connection; its priming event goes out with the first message, or at once with
     * {@link #prime()}. A client of a version before {@link SseFrames#PRIMING_SINCE} ({@code protocolVersion}, the request's
     * {@code MCP-Protocol-Version}; {@code null} is 2025-03-26) gets an SSE comment in its place: it would read the
     * priming event's empty data as a message, and some clients fail to parse it.
     */
    void attach(EventConnection first, String protocolVersion) {
        lock.lock();
        try {
            connection = first;
            priming = SseFrames.primes(protocolVersion)
                    ? SseFrames.priming(new EventId(number, 0), retryMillis)
                    : SseFrames.comment();
        } finally {
            lock.unlock();
        }
    }

    /** Writes the priming event now, unless it already went out (with a first message). */
    void prime() throws IOException {
        lock.lock();
        try {
            if (priming != null && connection != null) {
                write(takePriming(), false);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Attaches {@code next} in place of a lost connection, after writing to it every kept event after
     * {@code last}; ends it at once when the stream is closed.
     *
     * @return false when the events after {@code last} are no longer all kept (nothing was written)
     */
    boolean resume(EventConnection next, EventId last) throws IOException {
        lock.lock();
        try {
            List<EventLog.Event> missed = log.after(last).orElse(null);
            if (missed == null) {
                return false;
            }
            if (connection != null) {
                connection.end(); // one connection per stream: the newest wins
            }
            connection = next;
            priming = null;
            write(SseFrames.messages(missed), closed);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes a comment to the current connection, priming it first if it was not yet: a client that left fails the
     * write (HTTP/1.1 tells a server so only when it writes). A connection idle for too long ends instead
     * ({@link EventConnection#idleCheck}).
     *
     * @return whether the connection is still there: false once the stream closed, lost its connection, was idle
     *     too long or the write failed
     */
    boolean probe() {
        EventConnection current;
        lock.lock();
        try {
            current = closed ? null : connection;
        } finally {
            lock.unlock();
        }
        // outside the lock: an idle connection is ended by the server, which may call back into this stream
        if (current == null || !current.idleCheck()) {
            return false;
        }
        lock.lock();
        try {
            if (closed || connection == null) {
                return false;
            }
            write(priming != null ? takePriming() : SseFrames.comment(), false);
            return true;
        } catch (IOException clientGone) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the current connection (the stream stays open: the client may resume it); nothing without one. */
    void endConnection() {
        lock.lock();
        try {
            if (connection != null) {
                if (priming != null) {
                    write(takePriming(), true); // the client needs an id to resume from
                } else {
                    connection.end();
                }
                connection = null;
            }
        } catch (IOException clientGone) {
            connection = null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return sendMessage(message, null);
    }

    /** Keeps and writes {@code message}; the SDK's {@code messageId} is not used, every event gets an {@link EventId}. */
    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
        return Mono.fromRunnable(() -> send(message));
    }

    private void send(McpSchema.JSONRPCMessage message) {
        if (requestId != null && message instanceof McpSchema.JSONRPCRequest request && request.id() != null) {
            awaitingClient.add(request.id()); // on an answer stream only: the GET stream's pings are never cancelled
        }
        JsonBytes json;
        try {
            json = jsonMapper instanceof JsonBytesWriter chunks
                    ? chunks.writeJsonBytes(message) // written once, straight into the chunks the frame refers to
                    : JsonBytes.of(jsonMapper.writeValueAsBytes(message));
        } catch (IOException | Error e) {
            // an Error too: the heap may run out writing a large answer (a long tool list), and Reactor would throw
            // it past every handler. The request still gets an answer: an error in its place.
            if (!answers(message)) {
                throw new IllegalStateException("An MCP message could not be written as JSON", e);
            }
            LOG.error(
                    "The answer on stream {} could not be written as JSON: answered with an internal error", number, e);
            unwritable = true;
            message = new McpSchema.JSONRPCResponse(
                    McpSchema.JSONRPC_VERSION,
                    requestId,
                    null,
                    new McpSchema.JSONRPCResponse.JSONRPCError(
                            McpSchema.ErrorCodes.INTERNAL_ERROR, JsonRpcErrors.UNANSWERABLE, null));
            json = JsonBytes.of(
                    JsonRpcErrors.body(requestId, McpSchema.ErrorCodes.INTERNAL_ERROR, JsonRpcErrors.UNANSWERABLE));
        }
        boolean answer = answers(message);
        if (answer) {
            if (!this.answer.compareAndSet(null, (McpSchema.JSONRPCResponse) message)) {
                // one answer per request: the handler's own, when it comes after the shutdown answered it cut off
                LOG.debug("A second answer on stream {} was dropped", number);
                return;
            }
            cancelAwaited(CALL_ENDED); // before the answer, which ends the connection
            onAnswer.run();
        }
        lock.lock();
        try {
            if (closed) {
                LOG.debug("A message for closed stream {} was dropped", number);
                return;
            }
            EventId id = new EventId(number, nextSequence++);
            log.add(new EventLog.Event(id, json));
            if (connection != null) {
                write(SseFrames.message(takePriming(), id, json), answer);
            }
        } catch (IOException clientGone) {
            // kept in the log: the client may resume the stream after the last event it got
            LOG.debug("Stream {} lost its connection: {}", number, clientGone.toString());
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} when the answer to the stream's request is made, before it is written. */
    void whenAnswered(Runnable action) {
        this.onAnswer = Objects.requireNonNull(action, "action");
    }

    /** Whether {@code message} is the answer to the stream's request. */
    private boolean answers(McpSchema.JSONRPCMessage message) {
        return requestId != null
                && message instanceof McpSchema.JSONRPCResponse response
                && requestId.equals(response.id());
    }

    /** Whether the answer could not be written as JSON, and an internal error was sent in its place. */
    boolean unwritable() {
        return unwritable;
    }

    /** The answer to the stream's request, once it was sent; {@code null} before (or on the GET stream). */
    McpSchema.JSONRPCResponse answer() {
        return answer.get();
    }

    /** Whether this stream answers the client's request {@code clientRequestId}. */
    boolean answers(Object clientRequestId) {
        return requestId != null && sameId(requestId, clientRequestId);
    }

    /** The client answered the server's request {@code serverRequestId}: if it was sent here, it is no longer awaited. */
    void answered(Object serverRequestId) {
        awaitingClient.removeIf(id -> sameId(id, serverRequestId));
    }

    /**
     * Tells the client, with a {@code notifications/cancelled} on this stream for each, that the server no longer
     * waits for the answers to the requests it sent here: the call they belong to was cancelled. Returns their ids.
     */
    List<Object> cancelAwaitedRequests() {
        return cancelAwaited(CALL_CANCELLED);
    }

    /**
     * Cancels on this stream, once each, the requests sent here that the client has not answered, and returns their
     * ids.
     */
    private List<Object> cancelAwaited(String reason) {
        if (awaitingClient.isEmpty()) {
            return List.of();
        }
        List<Object> cancelled = new ArrayList<>(1);
        for (Object id : List.copyOf(awaitingClient)) {
            if (awaitingClient.remove(id)) {
                send(new McpSchema.JSONRPCNotification(
                        McpSchema.JSONRPC_VERSION,
                        "notifications/cancelled",
                        Map.of("requestId", id, "reason", reason)));
                cancelled.add(id);
            }
        }
        return cancelled;
    }

    /** Whether two JSON-RPC ids are the same: equal strings, or equal numbers however they were read. */
    static boolean sameId(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        return Objects.equals(a, b);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(this::close);
    }

    /**
     * Closes the stream: the requests sent here and still unanswered are cancelled first (the call ended without an
     * answer: its session closed); its connection ends after what was written; its events stay kept for resumption.
     */
    @Override
    public void close() {
        cancelAwaited(CALL_ENDED);
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            awaitingClient.clear(); // one sent while closing is never answered here
            log.closed(number);
            endConnection();
        } finally {
            lock.unlock();
        }
        onClosed.run();
    }

    boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
        return jsonMapper.convertValue(data, type);
    }

    private byte[] takePriming() {
        byte[] frame = priming;
        priming = null;
        return frame;
    }

    /** Writes to the current connection; a failed one is dropped (the stream lives on for resumption). */
    private void write(byte[] frames, boolean last) throws IOException {
        write(JsonBytes.of(frames), last);
    }

    /** Writes to the current connection; a failed one is dropped (the stream lives on for resumption). */
    private void write(JsonBytes frames, boolean last) throws IOException {
        try {
            connection.write(frames, last);
            if (last) {
                connection = null;
            }
        } catch (IOException e) {
            connection = null;
            throw e;
        }
    }
}
