package dev.bulwark.http.transport;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the transport keeps of one MCP session beside the SDK's session: its open streams by number, the numbering
 * of new ones, its GET stream, and the {@link EventLog} its streams can be resumed from. Thread-safe.
 */
final class StreamableSession {

    private final McpStreamableServerSession sdk;
    /** What the client said of itself when it started the session; the SDK's session keeps it out of reach. */
    private final McpSchema.InitializeRequest client;

    private final McpJsonMapper jsonMapper;
    private final long retryMillis;
    private final EventLog log;
    private final AtomicLong streamNumbers = new AtomicLong();
    private final Map<Long, SseStream> open = new ConcurrentHashMap<>();
    private SseStream listening;
    /** What runs once the session ends; guarded by itself, {@code null} once it ran. */
    private List<Runnable> atEnd = new ArrayList<>();

    StreamableSession(
            McpStreamableServerSession sdk,
            McpSchema.InitializeRequest client,
            McpJsonMapper jsonMapper,
            long retryMillis,
            EventLog log) {
        this.sdk = Objects.requireNonNull(sdk, "sdk");
        this.client = Objects.requireNonNull(client, "client");
        this.jsonMapper = jsonMapper;
        this.retryMillis = retryMillis;
        this.log = Objects.requireNonNull(log, "log");
    }

    McpStreamableServerSession sdk() {
        return sdk;
    }

    /** The client's {@code initialize} params: its capabilities and its name. */
    McpSchema.InitializeRequest client() {
        return client;
    }

    /** The session's GET stream as last opened, or {@code null} when none was. */
    synchronized SseStream listening() {
        return listening;
    }

    /** A new stream answering the request {@code requestId}, or the session's GET stream when it is null. */
    SseStream newStream(Object requestId) {
        long number = streamNumbers.incrementAndGet();
        SseStream stream = new SseStream(number, requestId, log, jsonMapper, retryMillis, () -> open.remove(number));
        open.put(number, stream);
        return stream;
    }

    /**
     * A new GET stream on {@code connection}, in place of the previous one, which closes; the SDK's session sends on
     * it from before it is primed (at once), so a client that got the priming event misses nothing sent after it.
     * {@code protocolVersion} is the client's (see {@link SseStream#attach}).
     */
    SseStream listen(EventConnection connection, String protocolVersion) throws IOException {
        SseStream stream = newStream(null);
        SseStream previous;
        // One lock orders the switch of both the session's and the SDK's listening stream: two GETs at once can no
        // longer leave the SDK sending on the one that was closed, and the SDK moves to the new stream before the
        // old one closes, so nothing sent in between is lost.
        synchronized (this) {
            previous = listening;
            listening = stream;
            stream.attach(connection, protocolVersion);
            sdk.listeningStream(stream);
        }
        if (previous != null) {
            previous.close();
        }
        stream.prime();
        return stream;
    }

    /**
     * Resumes on {@code connection} the stream {@code last} belongs to, after it: the kept events that followed,
     * then, while the stream is open, what it sends next.
     *
     * @return false when that stream cannot be resumed after {@code last} (nothing was written)
     */
    boolean resume(EventConnection connection, EventId last) throws IOException {
        SseStream stream = open.get(last.stream());
        if (stream != null) {
            return stream.resume(connection, last);
        }
        // closed: its kept events, then the end of the response
        Optional<List<EventLog.Event>> missed = log.after(last);
        if (missed.isEmpty()) {
            return false;
        }
        connection.write(SseFrames.messages(missed.get()), true);
        return true;
    }

    /**
     * Closes every open stream: each connection ends cleanly after what was written (the session ended, or the
     * server stops), as the servlet transport completed its streams.
     */
    void closeStreams() {
        for (SseStream stream : open.values()) {
            stream.close();
        }
    }

    /**
     * Ends what the transport keeps of the session: its streams close ({@link #closeStreams}) and its log keeps
     * nothing more, giving its bytes back to the transport's budget.
     */
    void end() {
        closeStreams();
        log.close();
        List<Runnable> actions;
        synchronized (open) {
            actions = atEnd;
            atEnd = null;
        }
        if (actions != null) {
            actions.forEach(StreamableSession::runQuietly);
        }
    }

    /** Runs {@code action} once the session ends, or now when it has ended. */
    void whenEnded(Runnable action) {
        synchronized (open) {
            if (atEnd != null) {
                atEnd.add(action);
                return;
            }
        }
        runQuietly(action);
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(StreamableSession.class)
                    .warn("An action at the end of a session failed: {}", e.toString());
        }
    }

    /** The client answered the server's request {@code serverRequestId}; it is no longer awaited on its stream. */
    void answered(Object serverRequestId) {
        for (SseStream stream : open.values()) {
            stream.answered(serverRequestId);
        }
    }

    /**
     * The client cancelled its request {@code clientRequestId}: the requests the server sent on the stream answering
     * it, still unanswered, are cancelled on that stream ({@code notifications/cancelled}); returns their ids.
     */
    List<Object> cancelAwaitedBy(Object clientRequestId) {
        List<Object> cancelled = new ArrayList<>(1);
        for (SseStream stream : open.values()) {
            if (stream.answers(clientRequestId)) {
                cancelled.addAll(stream.cancelAwaitedRequests());
            }
        }
        return cancelled;
    }
}
