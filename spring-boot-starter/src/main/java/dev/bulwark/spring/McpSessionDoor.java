package dev.bulwark.spring;

import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.session.SessionRegistry;
import dev.bulwark.http.transport.SessionStreams;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateful Streamable HTTP mode of the session era at the web door: sessions issued at {@code initialize}
 * under the session caps, a GET event stream per session, resumption with {@code Last-Event-ID}, and DELETE. Each
 * request comes from {@link McpServlet} once its caller is known. Thread-safe.
 */
final class McpSessionDoor {

    private static final Logger LOG = LoggerFactory.getLogger(McpSessionDoor.class);

    private final SessionStreams streams;
    private final SessionRegistry registry;
    private final Consumer<Runnable> track;
    private final Consumer<Runnable> untrack;
    private final AutoCloseable evictor;
    /** What ends each open GET stream's connection, for the drain. */
    private final Set<Runnable> listening = ConcurrentHashMap.newKeySet();

    /**
     * @param streams the sessions and their streams
     * @param registry the live sessions under their caps; the door reports each start, use and end
     * @param track keeps how a POST in flight is answered as cut off, for the drain
     * @param untrack lets go of it once it is answered
     * @param evictor ends idle sessions until {@link #close}
     */
    McpSessionDoor(
            SessionStreams streams,
            SessionRegistry registry,
            Consumer<Runnable> track,
            Consumer<Runnable> untrack,
            AutoCloseable evictor) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.track = Objects.requireNonNull(track, "track");
        this.untrack = Objects.requireNonNull(untrack, "untrack");
        this.evictor = Objects.requireNonNull(evictor, "evictor");
    }

    /** The web server stops: idle sessions are no longer looked for; the server's close ends the sessions. */
    void close() {
        try {
            evictor.close();
        } catch (Exception e) {
            LOG.debug("The session evictor did not stop cleanly: {}", e.toString());
        }
    }

    /** Whether requests are served: the server was given the sessions and is not closing. */
    boolean serving() {
        return streams.serving();
    }

    /** Ends every open GET stream's connection: the drain began, and a client that comes back is refused. */
    void endListening() {
        for (Runnable end : List.copyOf(listening)) {
            end.run();
        }
    }

    /** A POST of the session era, its body read as one message: an {@code initialize}, or a message of a session. */
    void post(
            HttpServletRequest request,
            HttpServletResponse response,
            McpSchema.JSONRPCMessage message,
            Principal caller)
            throws IOException {
        McpTransportContext context = context(request, caller);
        if (message instanceof McpSchema.JSONRPCRequest initialize
                && McpSchema.METHOD_INITIALIZE.equals(initialize.method())) {
            start(response, initialize, context, caller);
            return;
        }
        String sessionId = sessionOf(request, response, caller);
        if (sessionId == null) {
            return;
        }
        registry.begin(sessionId);
        if (!(message instanceof McpSchema.JSONRPCRequest call)) {
            try {
                if (streams.accept(sessionId, message, context)) {
                    response.setStatus(202);
                } else {
                    notFound(response);
                }
            } finally {
                registry.end(sessionId);
            }
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // the call's own deadline bounds it
        ServletEventConnection connection = new ServletEventConnection(async);
        async.addListener(ending(sessionId, connection, () -> {}));
        AtomicBoolean answered = new AtomicBoolean();
        AtomicReference<Runnable> tracked = new AtomicReference<>();
        Runnable cutOff = streams.answer(
                sessionId, call, context, connection, request.getHeader(HttpHeaders.PROTOCOL_VERSION), () -> {
                    answered.set(true);
                    Runnable mine = tracked.getAndSet(null);
                    if (mine != null) {
                        untrack.accept(mine);
                    }
                });
        if (cutOff == null) { // ended meanwhile
            answer(async, 404, JsonRpcErrors.messageFor(404));
            return;
        }
        tracked.set(cutOff);
        track.accept(cutOff);
        if (answered.get() && tracked.getAndSet(null) != null) {
            untrack.accept(cutOff); // answered on this thread, before it was tracked
        }
    }

    /** A GET (the session's event stream, or its resumption) or a DELETE (the end of the session). */
    void serve(String method, HttpServletRequest request, HttpServletResponse response, Principal caller)
            throws IOException {
        String sessionId = sessionOf(request, response, caller);
        if (sessionId == null) {
            return;
        }
        if ("DELETE".equals(method)) {
            if (streams.endSession(sessionId, context(request, caller))) {
                registry.ended(sessionId);
                response.setStatus(200);
            } else {
                notFound(response);
            }
            return;
        }
        String lastEventId = request.getHeader(HttpHeaders.LAST_EVENT_ID);
        registry.begin(sessionId);
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // a GET stream stays open until its client leaves or the session ends
        ServletEventConnection connection = new ServletEventConnection(async);
        try {
            if (lastEventId != null) {
                async.addListener(ending(sessionId, connection, () -> {}));
                SessionStreams.Resumption resumed = streams.resume(sessionId, connection, lastEventId);
                switch (resumed) {
                    case RESUMED -> {}
                    case UNKNOWN_SESSION -> answer(async, 404, JsonRpcErrors.messageFor(404));
                    case NOT_AN_EVENT_ID ->
                        answer(async, 400, "Bad request: Last-Event-ID is not the id of an event this server sent");
                    case NO_LONGER_KEPT ->
                        answer(
                                async,
                                400,
                                "Bad request: the stream cannot be resumed after Last-Event-ID: its later events are"
                                        + " no longer kept");
                }
                return;
            }
            AtomicReference<Runnable> opened = new AtomicReference<>();
            async.addListener(ending(sessionId, connection, () -> {
                Runnable end = opened.get();
                if (end != null) {
                    listening.remove(end);
                }
            }));
            Runnable endConnection =
                    streams.listen(sessionId, connection, request.getHeader(HttpHeaders.PROTOCOL_VERSION));
            if (endConnection == null) {
                answer(async, 404, JsonRpcErrors.messageFor(404));
                return;
            }
            opened.set(endConnection);
            listening.add(endConnection);
        } catch (IOException clientGone) {
            LOG.debug("A client left while its event stream opened: {}", clientGone.toString());
        }
    }

    /** Starts a session under the caps and answers its {@code initialize} in JSON with its {@code Mcp-Session-Id}. */
    private void start(
            HttpServletResponse response,
            McpSchema.JSONRPCRequest initialize,
            McpTransportContext context,
            Principal caller)
            throws IOException {
        String owner = caller.subject();
        SessionRegistry.Place place = registry.reserve(owner, null);
        if (place != SessionRegistry.Place.RESERVED) {
            response.setHeader("Retry-After", "5");
            McpServlet.error(
                    response,
                    503,
                    initialize.id(),
                    JsonRpcErrors.SERVER_UNAVAILABLE,
                    place == SessionRegistry.Place.SERVER_FULL
                            ? "Service unavailable: the server holds as many sessions as it may"
                                    + " (bulwark.http.max-sessions); retry later or end an unused session"
                            : "Service unavailable: you hold as many sessions as one caller may"
                                    + " (bulwark.http.max-sessions-per-caller); end one you no longer use (DELETE)"
                                    + " and retry");
            return;
        }
        SessionStreams.Started started;
        try {
            started = streams.start(initialize, context);
        } catch (IOException | RuntimeException failed) {
            registry.release(owner, null);
            McpServlet.error(response, 500, initialize.id(), JsonRpcErrors.INTERNAL_ERROR, JsonRpcErrors.UNANSWERABLE);
            return;
        }
        registry.created(started.sessionId(), owner, null);
        response.setStatus(200);
        response.setHeader(HttpHeaders.MCP_SESSION_ID, started.sessionId());
        response.setContentType("application/json");
        response.setContentLength(started.json().length);
        response.getOutputStream().write(started.json());
    }

    /**
     * The live session the request names, which its caller may use; {@code null} once it was answered: 400 without
     * one, 403 for another caller's, 404 for one not live.
     */
    private String sessionOf(HttpServletRequest request, HttpServletResponse response, Principal caller)
            throws IOException {
        String sessionId = request.getHeader(HttpHeaders.MCP_SESSION_ID);
        if (sessionId == null || sessionId.isBlank()) {
            McpServlet.error(response, 400, null, JsonRpcErrors.INVALID_REQUEST, SessionStreams.SESSION_ID_MISSING);
            return null;
        }
        if (!registry.mayUse(sessionId, caller.subject())) {
            McpServlet.error(
                    response,
                    403,
                    null,
                    JsonRpcErrors.FORBIDDEN,
                    "Forbidden: this session belongs to another caller; start your own session with initialize");
            return null;
        }
        if (!streams.knows(sessionId)) {
            notFound(response);
            return null;
        }
        return sessionId;
    }

    private static void notFound(HttpServletResponse response) throws IOException {
        McpServlet.error(response, 404, null, JsonRpcErrors.SESSION_NOT_FOUND, JsonRpcErrors.messageFor(404));
    }

    private static McpTransportContext context(HttpServletRequest request, Principal caller) {
        return McpTransportContext.create(McpServlet.origin(request, ProtocolEra.SESSIONS_2025_11_25, caller)
                .build()
                .asContext());
    }

    /** Answers an asynchronous request with a JSON-RPC error and completes it. */
    private static void answer(AsyncContext async, int status, String message) {
        try {
            McpServlet.error(
                    (HttpServletResponse) async.getResponse(), status, null, JsonRpcErrors.codeFor(status), message);
        } catch (IOException clientGone) {
            LOG.debug("A client went away before its answer");
        } finally {
            async.complete();
        }
    }

    /**
     * The session's activity ends with the request, and then {@code completed} runs; a client that left, or a request
     * the container gave up on, writes nothing more.
     */
    private AsyncListener ending(String sessionId, ServletEventConnection connection, Runnable completed) {
        return new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                registry.end(sessionId);
                completed.run();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                connection.lost();
            }

            @Override
            public void onError(AsyncEvent event) {
                connection.lost();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {}
        };
    }
}
