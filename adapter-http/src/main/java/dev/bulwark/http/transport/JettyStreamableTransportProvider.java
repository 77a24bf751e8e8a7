package dev.bulwark.http.transport;

import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.exchange.McpExchange;
import dev.bulwark.ports.calls.CancelledRequests;
import dev.bulwark.ports.calls.ReportsCancellations;
import dev.bulwark.ports.calls.WritesInitializeAnswers;
import dev.bulwark.ports.era2026.Era2026Requests;
import dev.bulwark.ports.era2026.ServesEra2026;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.sessions.ServesSessionRequests;
import dev.bulwark.ports.sessions.SessionRequests;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.ports.tracing.RequestTraces;
import dev.bulwark.ports.tracing.TracesRequests;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The MCP Streamable HTTP transport with sessions, as a Jetty 12 core {@link Handler}; the SDK's sessions keep the
 * protocol. Replaces the SDK's {@code HttpServletStreamableServerTransportProvider}. Thread-safe.
 */
public final class JettyStreamableTransportProvider extends Handler.Abstract
        implements McpStreamableServerTransportProvider,
                ReportsCancellations,
                TracesRequests,
                ServesEra2026,
                ServesSessionRequests,
                WritesInitializeAnswers {

    private final Era2026Entry era2026 = new Era2026Entry();

    /** The answer to a request that needs a session and names none. */
    static final String SESSION_ID_MISSING = SessionStreams.SESSION_ID_MISSING;

    private static final Logger LOG = LoggerFactory.getLogger(JettyStreamableTransportProvider.class);
    private static final TypeRef<McpSchema.InitializeRequest> INITIALIZE = new TypeRef<>() {};

    private final McpJsonMapper jsonMapper;
    private final MessageReader reader;
    private final McpTransportContextExtractor<Request> contextExtractor;
    private final long maxRequestBytes;
    private final long retryMillis;
    private final EventLogLimits eventLog;
    private final EventBudget eventBudget;
    private final SdkRequestTraces tracing = new SdkRequestTraces();
    private final Map<String, StreamableSession> sessions = new ConcurrentHashMap<>();
    /** {@code null} without a keep-alive interval. */
    private final GetStreamKeepAlive keepAlive;

    private volatile McpStreamableServerSession.Factory sessionFactory;
    private volatile boolean closing;
    /** Where clients' cancellations go; {@code null} until {@link #reportCancellationsTo} is called. */
    private volatile CancelledRequests cancellations;
    /** Where the session requests the core answers go; {@code null} to hand every request to the session. */
    private volatile SessionRequests sessionRequests;
    /** How an {@code initialize} answer shows on the wire; as the SDK made it until told otherwise. */
    private volatile UnaryOperator<Object> initializeWire = UnaryOperator.identity();

    private JettyStreamableTransportProvider(Builder builder) {
        this.jsonMapper = Objects.requireNonNull(builder.jsonMapper, "jsonMapper");
        this.reader = new MessageReader(jsonMapper);
        this.contextExtractor = Objects.requireNonNull(builder.contextExtractor, "contextExtractor");
        this.maxRequestBytes = builder.maxRequestBytes;
        this.retryMillis = builder.retry.toMillis();
        this.eventLog = builder.eventLog;
        this.eventBudget = new EventBudget(eventLog.bytesInAll());
        keepAlive = builder.keepAliveInterval == null
                ? null
                : new GetStreamKeepAlive(builder.keepAliveInterval, () -> closing ? List.of() : sessions.values());
    }

    public static Builder builder(McpJsonMapper jsonMapper, McpTransportContextExtractor<Request> contextExtractor) {
        return new Builder(jsonMapper, contextExtractor);
    }

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

    /** Live sessions. */
    public int sessionCount() {
        return sessions.size();
    }

    /** Bytes of events all sessions keep now for resumption. */
    long eventBytesKept() {
        return eventBudget.used();
    }

    /**
     * Ends session {@code sessionId} as a DELETE would: the SDK's session is deleted, its streams end, it is
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

    @Override
    public boolean handle(Request request, Response response, Callback edgeCallback) {
        McpExchange callback = edgeCallback instanceof McpExchange edge
                ? edge
                : new McpExchange(
                        request, response, edgeCallback, null, Ticker.system(), maxRequestBytes, reader.bodyMapper());
        callback.handlingOn(Thread.currentThread());
        try {
            if (closing || sessionFactory == null) {
                JsonResponses.error(response, callback, 503);
            } else {
                switch (request.getMethod()) {
                    case "POST" -> new PostExchange(this, callback).serve();
                    case "GET" -> serveGet(request, response, callback);
                    case "DELETE" -> serveDelete(request, response, callback);
                    case "OPTIONS" -> { // not a CORS preflight: the edge answers those
                        response.getHeaders().put(HttpHeader.ALLOW, "GET, POST, DELETE, OPTIONS");
                        JsonResponses.empty(response, callback, 204);
                    }
                    default -> {
                        callback.refuse("method_not_allowed");
                        response.getHeaders().put(HttpHeader.ALLOW, "GET, POST, DELETE, OPTIONS");
                        JsonResponses.error(response, callback, 405);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error(
                    "Unexpected failure serving {} {}",
                    request.getMethod(),
                    request.getHttpURI().getPath(),
                    e);
            if (response.isCommitted()) {
                callback.failed(e);
            } else {
                JsonResponses.error(response, callback, 500);
            }
        } finally {
            callback.handled();
        }
        return true;
    }

    private void serveGet(Request request, Response response, McpExchange callback) {
        StreamableSession session = sessionOf(request, response, callback);
        if (session == null) {
            return;
        }
        String lastEventId = request.getHeaders().get(HttpHeaders.LAST_EVENT_ID);
        EventId last = lastEventId == null ? null : EventId.parse(lastEventId).orElse(null);
        if (lastEventId != null && last == null) {
            JsonResponses.invalidRequest(
                    response, callback, "Bad request: Last-Event-ID is not the id of an event this server sent");
            return;
        }
        SseConnection connection = new SseConnection(response, callback);
        try {
            if (last == null) {
                if (keepAlive != null) {
                    connection.idleCheckedByKeepAlive(request); // its rounds visit the session's GET stream
                }
                SseStream stream =
                        session.listen(connection, request.getHeaders().get(HttpHeaders.PROTOCOL_VERSION));
                request.addFailureListener(failure -> stream.endConnection());
            } else if (!session.resume(connection, last)) {
                JsonResponses.resetKeepingCors(response);
                JsonResponses.invalidRequest(
                        response,
                        callback,
                        "Bad request: the stream cannot be"
                                + " resumed after Last-Event-ID: its later events are no longer kept");
            }
        } catch (IOException clientGone) {
            LOG.debug("A client left while its event stream opened: {}", clientGone.toString());
        }
    }

    private void serveDelete(Request request, Response response, McpExchange callback) {
        String sessionId = request.getHeaders().get(HttpHeaders.MCP_SESSION_ID);
        if (sessionId == null || sessionId.isBlank()) {
            refuseWithoutSession(callback);
        } else if (endSession(sessionId, contextExtractor.extract(request))) {
            callback.sessionEnded(sessionId);
            JsonResponses.empty(response, callback, 200);
        } else {
            JsonResponses.error(response, callback, 404);
        }
    }

    /**
     * The session the request names; {@code null} once it was answered 400 (no id: the answer names only the missing
     * header) or 404 (unknown).
     */
    StreamableSession sessionOf(Request request, Response response, McpExchange callback) {
        String sessionId = request.getHeaders().get(HttpHeaders.MCP_SESSION_ID);
        if (sessionId == null || sessionId.isBlank()) {
            refuseWithoutSession(callback);
            return null;
        }
        StreamableSession session = sessions.get(sessionId);
        if (session == null) {
            JsonResponses.error(response, callback, 404);
        }
        return session;
    }

    /** Answers 400 to a request that needs a session and names none, counted as {@code missing_session_id}. */
    private static void refuseWithoutSession(McpExchange exchange) {
        exchange.refuse(400, "missing_session_id", JsonRpcErrors.INVALID_REQUEST, SESSION_ID_MISSING);
    }

    /**
     * Handles {@code notification} if it is a client's {@code notifications/cancelled} in {@code session} naming a
     * request id (a string or a number): the requests the server sent for that request and still awaits are
     * cancelled on its stream, then the cancellation is reported to the core, then those requests are answered in
     * the client's place. Anything else is left alone.
     */
    void cancelIfCancellation(StreamableSession session, McpSchema.JSONRPCNotification notification) {
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
        // after the call is cancelled, so that its handler's wait ends as a cancellation, not as a refusal
        for (Object sent : sentForIt) {
            answerInClientsPlace(session, sent);
        }
    }

    /**
     * Answers the server's request {@code sent}, cancelled on the client, in the client's place with an error: a
     * handler still waiting for it (one its cancellation does not interrupt) stops waiting now, and the SDK's session
     * forgets it.
     */
    private static void answerInClientsPlace(StreamableSession session, Object sent) {
        McpSchema.JSONRPCResponse cancelled = new McpSchema.JSONRPCResponse(
                McpSchema.JSONRPC_VERSION,
                sent,
                null,
                new McpSchema.JSONRPCResponse.JSONRPCError(
                        McpSchema.ErrorCodes.INTERNAL_ERROR, SseStream.CALL_CANCELLED, null));
        session.sdk()
                .accept(cancelled)
                .subscribe(
                        null,
                        gone -> LOG.debug(
                                "The session had stopped waiting for a cancelled request already: {}",
                                gone.getMessage()));
    }

    /** Starts a session for an {@code initialize} request and keeps it; its answer comes from the SDK. */
    McpStreamableServerSession.McpStreamableServerSessionInit startSession(McpSchema.JSONRPCRequest initialize) {
        McpSchema.InitializeRequest params = jsonMapper.convertValue(initialize.params(), INITIALIZE);
        McpStreamableServerSession.McpStreamableServerSessionInit init = sessionFactory.startSession(params);
        sessions.put(
                init.session().getId(),
                new StreamableSession(
                        init.session(),
                        params,
                        jsonMapper,
                        retryMillis,
                        new EventLog(eventLog.events(), eventLog.bytesPerSession(), eventBudget)));
        return init;
    }

    void forget(String sessionId) {
        StreamableSession session = sessions.remove(sessionId);
        if (session != null) {
            session.end();
        }
    }

    MessageReader reader() {
        return reader;
    }

    McpJsonMapper jsonMapper() {
        return jsonMapper;
    }

    /** {@code answer}, an {@code initialize} answer, as it shows on the wire. */
    Object initializeWire(McpSchema.JSONRPCResponse answer) {
        return initializeWire.apply(answer);
    }

    McpTransportContextExtractor<Request> contextExtractor() {
        return contextExtractor;
    }

    long maxRequestBytes() {
        return maxRequestBytes;
    }

    SdkRequestTraces tracing() {
        return tracing;
    }

    /** How the transport is built: the mapper and context extractor, then limits with defaults. Not thread-safe. */
    public static final class Builder {
        private final McpJsonMapper jsonMapper;
        private final McpTransportContextExtractor<Request> contextExtractor;
        private long maxRequestBytes = 4L * 1024 * 1024;
        private Duration keepAliveInterval;
        private Duration retry = Duration.ofSeconds(2);
        private EventLogLimits eventLog = EventLogLimits.defaults();

        private Builder(McpJsonMapper jsonMapper, McpTransportContextExtractor<Request> contextExtractor) {
            this.jsonMapper = jsonMapper;
            this.contextExtractor = contextExtractor;
        }

        /** The largest request body read (default 4 MiB); a larger one is answered 413. */
        public Builder maxRequestBytes(long maxRequestBytes) {
            if (maxRequestBytes < 1) {
                throw new IllegalArgumentException("maxRequestBytes must be positive, was " + maxRequestBytes);
            }
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        /**
         * How often each open GET stream gets an SSE comment, which keeps its connection from the idle timeout and
         * asks the client for nothing; {@code null} (the default) for never.
         */
        public Builder keepAliveInterval(Duration keepAliveInterval) {
            this.keepAliveInterval = keepAliveInterval;
            return this;
        }

        /** The reconnection delay sent in every priming event's {@code retry:} field (default 2 s). */
        public Builder retry(Duration retry) {
            if (retry.isNegative()) {
                throw new IllegalArgumentException("retry must not be negative, was " + retry);
            }
            this.retry = retry;
            return this;
        }

        /** What each session keeps for resumption ({@link EventLogLimits#defaults()} by default). */
        public Builder eventLog(EventLogLimits limits) {
            this.eventLog = Objects.requireNonNull(limits, "limits");
            return this;
        }

        public JettyStreamableTransportProvider build() {
            return new JettyStreamableTransportProvider(this);
        }
    }

    /** Where this transport's port finds the entry point of the 2026 era, once given. */
    public Era2026Entry era2026Entry() {
        return era2026;
    }

    /**
     * Hands the session requests {@code requests} claims (the tool list, the session era's task requests) to it from
     * now on, instead of to their session; each names its caller ({@code defaultCaller} is not used).
     */
    @Override
    public void serveSessionRequestsWith(SessionRequests requests, Principal defaultCaller) {
        this.sessionRequests = Objects.requireNonNull(requests, "requests");
    }

    /** Where the session requests the core answers go, or {@code null}: to their session. */
    SessionRequests sessionRequests() {
        return sessionRequests;
    }

    @Override
    public void serveEra2026With(Era2026Requests requests, Principal defaultCaller) {
        era2026.serveWith(requests);
    }
}
