package dev.bulwark.http.transport;

import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.ports.calls.CancelledRequests;
import dev.bulwark.ports.calls.ReportsCancellations;
import dev.bulwark.ports.calls.WritesInitializeAnswers;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.sessions.ServesSessionRequests;
import dev.bulwark.ports.sessions.SessionRequests;
import dev.bulwark.ports.tracing.RequestTraces;
import dev.bulwark.ports.tracing.RequestTraces.Trace;
import dev.bulwark.ports.tracing.TracesRequests;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * The MCP Streamable HTTP transport with sessions for a door whose HTTP server is not Bulwark's (a servlet): the door
 * reads each request and hands it here with the {@link EventConnection} its events go out on; the SDK's sessions keep
 * the protocol, and every stream keeps its events for resumption as on Jetty. Thread-safe.
 */
public final class SessionStreams
        implements McpStreamableServerTransportProvider,
                ReportsCancellations,
                TracesRequests,
                ServesSessionRequests,
                WritesInitializeAnswers {

    /** The answer to a request that needs a session and names none. */
    public static final String SESSION_ID_MISSING = "Bad request: the Mcp-Session-Id header is missing; send the"
            + " session id the initialize response gave, or start a session with initialize";

    private static final Logger LOG = LoggerFactory.getLogger(SessionStreams.class);
    private static final TypeRef<McpSchema.InitializeRequest> INITIALIZE = new TypeRef<>() {};

    private final McpJsonMapper jsonMapper;
    private final long retryMillis;
    private final EventLogLimits eventLog;
    private final EventBudget eventBudget;
    private final SdkRequestTraces tracing = new SdkRequestTraces();
    private final Map<String, StreamableSession> sessions = new ConcurrentHashMap<>();
    private final GetStreamKeepAlive keepAlive;
    private volatile McpStreamableServerSession.Factory sessionFactory;
    private volatile boolean closing;
    private volatile CancelledRequests cancellations;
    private volatile SessionRequests sessionRequests;
    private volatile UnaryOperator<Object> initializeWire = UnaryOperator.identity();

    /**
     * @param jsonMapper reads requests' params and writes every event
     * @param keepAliveInterval how often each open GET stream gets a comment (as on Jetty); {@code null} for never
     * @param retry the reconnection delay sent in every priming event's {@code retry:} field
     * @param eventLog what each session keeps for resumption
     */
    public SessionStreams(
            McpJsonMapper jsonMapper, Duration keepAliveInterval, Duration retry, EventLogLimits eventLog) {
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
        this.retryMillis = retry.toMillis();
        this.eventLog = Objects.requireNonNull(eventLog, "eventLog");
        this.eventBudget = new EventBudget(eventLog.bytesInAll());
        keepAlive = keepAliveInterval == null
                ? null
                : new GetStreamKeepAlive(keepAliveInterval, () -> closing ? List.of() : sessions.values());
    }

    /** What {@link #resume} did. */
    public enum Resumption {
        /** The missed events were written, and the stream goes on on the connection while it is open. */
        RESUMED,
        /** The session is not live: nothing was written. */
        UNKNOWN_SESSION,
        /** {@code Last-Event-ID} is not the id of an event this server sent: nothing was written. */
        NOT_AN_EVENT_ID,
        /** The events after {@code Last-Event-ID} are no longer all kept: nothing was written. */
        NO_LONGER_KEPT
    }

    /**
     * A session just started.
     *
     * @param sessionId its {@code Mcp-Session-Id}
     * @param json the answer to its {@code initialize}
     */
    public record Started(String sessionId, byte[] json) {}

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
        this.sessionFactory = Objects.requireNonNull(sessionFactory, "sessionFactory");
    }

    @Override
    public void reportCancellationsTo(CancelledRequests requests) {
        this.cancellations = Objects.requireNonNull(requests, "requests");
    }

    @Override
    public void showInitializeAnswersWith(UnaryOperator<Object> wire) {
        this.initializeWire = Objects.requireNonNull(wire, "wire");
    }

    @Override
    public void traceRequestsWith(RequestTraces traces) {
        tracing.traceWith(traces);
    }

    @Override
    public void serveSessionRequestsWith(SessionRequests requests, Principal defaultCaller) {
        this.sessionRequests = Objects.requireNonNull(requests, "requests");
    }

    @Override
    public List<String> protocolVersions() {
        return ProtocolEra.SESSION_VERSIONS;
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return Mono.fromRunnable(() -> sessions.values().forEach(session -> {
            try {
                session.sdk().sendNotification(method, params).block();
            } catch (RuntimeException e) {
                LOG.info("A notification to a session failed: {}", e.toString());
            }
        }));
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return Mono.defer(() -> {
            StreamableSession session = sessions.get(sessionId);
            return session == null ? Mono.empty() : session.sdk().sendNotification(method, params);
        });
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> {
            closing = true;
            for (StreamableSession session : sessions.values()) {
                try {
                    session.sdk().closeGracefully().block();
                } catch (RuntimeException e) {
                    LOG.warn(
                            "A session did not close cleanly: {}", Objects.toString(e.getMessage(), "no reason given"));
                }
                session.end();
            }
            sessions.clear();
            if (keepAlive != null) {
                keepAlive.close();
            }
        });
    }

    /** Whether requests are served: the server was given its sessions and is not closing. */
    public boolean serving() {
        return !closing && sessionFactory != null;
    }

    /** Whether session {@code sessionId} is live. */
    public boolean knows(String sessionId) {
        return sessions.containsKey(sessionId);
    }

    /** Live sessions. */
    public int sessionCount() {
        return sessions.size();
    }

    /** The bytes the sessions' event logs hold now, for resumption. */
    long eventBytesKept() {
        return eventBudget.used();
    }

    /**
     * Starts a session for {@code initialize} and answers it, waiting for the SDK's result (it computes it at once).
     *
     * @throws IOException when the session could not be initialized; it is forgotten, and the failure logged
     */
    public Started start(McpSchema.JSONRPCRequest initialize, McpTransportContext context) throws IOException {
        Trace trace = tracing.start(initialize, null, context);
        McpSchema.InitializeRequest params = jsonMapper.convertValue(initialize.params(), INITIALIZE);
        McpStreamableServerSession.McpStreamableServerSessionInit init = sessionFactory.startSession(params);
        String id = init.session().getId();
        sessions.put(
                id,
                new StreamableSession(
                        init.session(),
                        params,
                        jsonMapper,
                        retryMillis,
                        new EventLog(eventLog.events(), eventLog.bytesPerSession(), eventBudget)));
        trace.sessionStarted(id);
        try {
            McpSchema.InitializeResult result = init.initResult().block();
            byte[] json = jsonMapper.writeValueAsBytes(
                    initializeWire.apply(McpSchema.JSONRPCResponse.result(initialize.id(), result)));
            SdkRequestTraces.end(trace, null);
            return new Started(id, json);
        } catch (IOException | RuntimeException e) {
            forget(id);
            LOG.error("A session could not be initialized", e);
            trace.failed(e);
            throw e instanceof IOException io ? io : new IOException("The session could not be initialized", e);
        }
    }

    /**
     * Answers {@code request} of session {@code sessionId} on a new stream of it, written to {@code connection}:
     * returns at once, the answer is written by the thread that makes it. {@code answered} runs once, when the answer
     * is made (before it is written) or the request failed.
     *
     * @param protocolVersion the request's {@code MCP-Protocol-Version}, or {@code null}
     * @return what answers the request as cut off by a shutdown; {@code null} when the session is not live (nothing
     *     was written)
     */
    public Runnable answer(
            String sessionId,
            McpSchema.JSONRPCRequest request,
            McpTransportContext context,
            EventConnection connection,
            String protocolVersion,
            Runnable answered) {
        StreamableSession session = sessions.get(sessionId);
        if (session == null) {
            return null;
        }
        SseStream stream = session.newStream(request.id());
        AtomicBoolean ended = new AtomicBoolean();
        Runnable callEnded = () -> {
            if (ended.compareAndSet(false, true)) {
                answered.run();
            }
        };
        stream.whenAnswered(callEnded);
        Trace trace = tracing.start(request, sessionId, context);
        StreamableServedSession served = new StreamableServedSession(session, jsonMapper, stream);
        Mono<Void> answer;
        try {
            stream.attach(connection, protocolVersion);
            SessionRequests core = sessionRequests;
            if (core != null && core.claims(request.method(), request.params())) {
                RequestOrigin origin = RequestOrigin.from(context::get);
                answer = Mono.create(sink -> {
                            CompletableFuture<Object> done = new CompletableFuture<>();
                            done.whenComplete((result, failure) -> {
                                if (failure != null) {
                                    sink.error(failure);
                                } else {
                                    sink.success(result);
                                }
                            });
                            sink.onDispose(() -> done.cancel(false));
                            core.serve(request, origin, served, done);
                        })
                        .flatMap(result -> stream.sendMessage((McpSchema.JSONRPCMessage) result));
            } else {
                answer = session.sdk()
                        .responseStream(request, stream)
                        .contextWrite(Context.of(McpTransportContext.KEY, context));
            }
        } catch (RuntimeException | Error e) {
            answer = Mono.error(e);
        }
        Completions.whenDone(answer, (done, failure) -> {
            try {
                if (failure == null) {
                    SdkRequestTraces.end(trace, stream.answer());
                } else {
                    LOG.error("A {} request of a session failed", request.method(), failure);
                    trace.failed(failure);
                    answerWith(stream, request.id(), McpSchema.ErrorCodes.INTERNAL_ERROR, JsonRpcErrors.UNANSWERABLE);
                }
            } finally {
                served.answered();
                stream.close();
                callEnded.run();
            }
        });
        return () -> answerWith(stream, request.id(), JsonRpcErrors.SERVER_UNAVAILABLE, JsonRpcErrors.CUT_OFF);
    }

    /** Answers the stream's request with an error, unless it was answered; a later answer is dropped by the stream. */
    private static void answerWith(SseStream stream, Object requestId, int code, String message) {
        if (stream.answer() != null) {
            return;
        }
        stream.sendMessage(new McpSchema.JSONRPCResponse(
                        McpSchema.JSONRPC_VERSION,
                        requestId,
                        null,
                        new McpSchema.JSONRPCResponse.JSONRPCError(code, message, null)))
                .subscribe(null, unsent -> LOG.debug("An error answer could not be sent: {}", unsent.toString()));
    }

    /**
     * Takes a notification or a response the client sent to session {@code sessionId}: a cancellation is handled
     * first, a response is no longer awaited. A failure to handle it is logged at DEBUG by its type only.
     *
     * @return false when the session is not live
     */
    public boolean accept(String sessionId, McpSchema.JSONRPCMessage message, McpTransportContext context) {
        StreamableSession session = sessions.get(sessionId);
        if (session == null) {
            return false;
        }
        if (message instanceof McpSchema.JSONRPCNotification notification) {
            cancelIfCancellation(session, notification);
        } else if (message instanceof McpSchema.JSONRPCResponse response) {
            session.answered(response.id());
        }
        try {
            (message instanceof McpSchema.JSONRPCNotification notification
                            ? session.sdk().accept(notification)
                            : session.sdk().accept((McpSchema.JSONRPCResponse) message))
                    .contextWrite(Context.of(McpTransportContext.KEY, context))
                    .subscribe(null, SessionStreams::notHandled);
        } catch (RuntimeException e) {
            notHandled(e);
        }
        return true;
    }

    private void cancelIfCancellation(StreamableSession session, McpSchema.JSONRPCNotification notification) {
        if (!CancelledRequests.METHOD.equals(notification.method())) {
            return;
        }
        Object requestId = notification.params() instanceof Map<?, ?> params ? params.get("requestId") : null;
        if (!(requestId instanceof String || requestId instanceof Number)) {
            return;
        }
        List<Object> sentForIt = session.cancelAwaitedBy(requestId);
        CancelledRequests target = cancellations;
        if (target != null) {
            target.cancelled(session.sdk().getId(), requestId);
        }
        for (Object sent : sentForIt) {
            session.sdk()
                    .accept(new McpSchema.JSONRPCResponse(
                            McpSchema.JSONRPC_VERSION,
                            sent,
                            null,
                            new McpSchema.JSONRPCResponse.JSONRPCError(
                                    McpSchema.ErrorCodes.INTERNAL_ERROR, SseStream.CALL_CANCELLED, null)))
                    .subscribe(null, SessionStreams::notHandled);
        }
    }

    private static void notHandled(Throwable failure) {
        LOG.debug(
                "A message a client sent to its session could not be handled ({})",
                failure.getClass().getSimpleName());
    }

    /**
     * Opens session {@code sessionId}'s GET stream on {@code connection}, in place of the previous one, and primes
     * it at once.
     *
     * @return what ends the connection (the client left; the stream may be resumed); {@code null} when the session
     *     is not live
     * @throws IOException when the client left while it opened
     */
    public Runnable listen(String sessionId, EventConnection connection, String protocolVersion) throws IOException {
        StreamableSession session = sessions.get(sessionId);
        if (session == null) {
            return null;
        }
        SseStream stream = session.listen(connection, protocolVersion);
        return stream::endConnection;
    }

    /**
     * Resumes on {@code connection} the stream of session {@code sessionId} that the event {@code lastEventId}
     * belongs to: the kept events after it, then, while that stream is open, what it sends next.
     *
     * @throws IOException when the client left while it resumed
     */
    public Resumption resume(String sessionId, EventConnection connection, String lastEventId) throws IOException {
        StreamableSession session = sessions.get(sessionId);
        if (session == null) {
            return Resumption.UNKNOWN_SESSION;
        }
        EventId last = EventId.parse(lastEventId).orElse(null);
        if (last == null) {
            return Resumption.NOT_AN_EVENT_ID;
        }
        return session.resume(connection, last) ? Resumption.RESUMED : Resumption.NO_LONGER_KEPT;
    }

    /**
     * Ends session {@code sessionId} as a DELETE does: the SDK's session is deleted, its streams end, it is
     * forgotten.
     *
     * @return whether it was live
     */
    public boolean endSession(String sessionId, McpTransportContext context) {
        StreamableSession session = sessions.remove(sessionId);
        if (session == null) {
            return false;
        }
        try {
            session.sdk()
                    .delete()
                    .contextWrite(reactor -> reactor.put(McpTransportContext.KEY, context))
                    .block();
        } finally {
            session.end();
        }
        return true;
    }

    private void forget(String sessionId) {
        StreamableSession session = sessions.remove(sessionId);
        if (session != null) {
            session.end();
        }
    }
}
