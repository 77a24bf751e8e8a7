package dev.bulwark.spring;

import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.era2026.Era2026Request;
import dev.bulwark.ports.era2026.Era2026Requests;
import dev.bulwark.ports.era2026.NotificationStream;
import dev.bulwark.ports.era2026.ServesEra2026;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * MCP over Streamable HTTP as a servlet on the application's own web server, in both protocol eras, stateless or,
 * given a {@link McpSessionDoor}, with sessions in the session era; the caller is the principal the application's
 * security put on the request. Thread-safe.
 */
final class McpServlet extends HttpServlet implements McpStatelessServerTransport, ServesEra2026 {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(McpServlet.class);
    private static final String ALLOW = "POST, OPTIONS";
    private static final String ALLOW_SESSIONS = "GET, POST, DELETE, OPTIONS";
    private static final TypeRef<Map<String, Object>> OBJECT = new TypeRef<>() {};

    private final transient McpJsonMapper jsonMapper;
    private final transient JsonRpcMessageReader messages;
    private final transient Function<HttpServletRequest, Optional<Principal>> callers;
    private final long maxRequestBytes;
    private final Duration keepAlive;
    private final transient ScheduledExecutorService keepAlives;
    private transient volatile McpStatelessServerHandler handler;
    private transient volatile Era2026Requests era2026;
    private volatile boolean closing;
    /** The stateful mode of the session era, once given; {@code null} in the stateless mode. */
    private transient volatile McpSessionDoor sessions;

    private transient volatile Admission admission = (request, response, caller, message) -> true;
    /** How each request in flight is answered as cut off; a request leaves it when answered. */
    private final transient Set<Runnable> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * @param jsonMapper reads request bodies and writes answers (the Bulwark's)
     * @param callers the caller of a request, as the application's security authenticated it; empty when none did
     * @param maxRequestBytes the largest body read; a larger one is answered 413
     * @param keepAlive how often an open {@code subscriptions/listen} stream gets a comment
     */
    McpServlet(
            McpJsonMapper jsonMapper,
            Function<HttpServletRequest, Optional<Principal>> callers,
            long maxRequestBytes,
            Duration keepAlive) {
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
        this.messages = new JsonRpcMessageReader(jsonMapper);
        this.callers = Objects.requireNonNull(callers, "callers");
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be positive, was " + maxRequestBytes);
        }
        this.maxRequestBytes = maxRequestBytes;
        this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
        this.keepAlives = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bulwark-mcp-keepalive");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler mcpHandler) {
        this.handler = Objects.requireNonNull(mcpHandler, "mcpHandler");
    }

    @Override
    public void serveEra2026With(Era2026Requests requests, Principal defaultCaller) {
        this.era2026 = Objects.requireNonNull(requests, "requests");
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> {
            closing = true;
            keepAlives.shutdownNow();
        });
    }

    /** What may refuse a request once its caller and message are known, before it is served. */
    interface Admission {
        /**
         * Whether the request is served; when not, {@code response} has been answered.
         *
         * @param message the body as one JSON value ({@code Map} for an object), or {@code null} when it is not JSON
         */
        boolean admit(HttpServletRequest request, HttpServletResponse response, Principal caller, Object message)
                throws IOException;
    }

    /**
     * Serves the session era's POSTs with {@code door}, and its GET and DELETE: the stateful mode. Call it before the
     * web server starts.
     */
    void serveSessionsWith(McpSessionDoor door) {
        this.sessions = Objects.requireNonNull(door, "door");
    }

    /**
     * Every request with a caller passes {@code admission} before it is served (the scope checks): a POST with its
     * message, a GET or DELETE of a session without one.
     */
    void admitWith(Admission admission) {
        this.admission = Objects.requireNonNull(admission, "admission");
    }

    /** From now on a new request is refused with 503; those in flight go on, and open GET streams end. */
    void startDraining() {
        closing = true;
        McpSessionDoor stateful = sessions;
        if (stateful != null) {
            stateful.endListening();
        }
    }

    /** The requests in flight now: calls, and open subscription streams. */
    int inFlight() {
        return inFlight.size();
    }

    /** Waits until no request is in flight, for at most {@code grace}; whether none is. */
    boolean awaitInFlight(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (inFlight) {
            while (!inFlight.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(inFlight, left);
            }
        }
        return true;
    }

    /** Answers every request still in flight with the JSON-RPC error saying the shutdown cut it off. */
    void cutOffInFlight() {
        for (Runnable cutOff : List.copyOf(inFlight)) {
            cutOff.run();
        }
    }

    void track(Runnable cutOff) {
        inFlight.add(cutOff);
    }

    void untrack(Runnable cutOff) {
        synchronized (inFlight) {
            inFlight.remove(cutOff);
            inFlight.notifyAll();
        }
    }

    /** The web server stops: new requests are refused with 503, open subscription streams get no more comments. */
    @Override
    public void destroy() {
        closing = true;
        keepAlives.shutdownNow();
        McpSessionDoor stateful = sessions;
        if (stateful != null) {
            stateful.close();
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        McpSessionDoor stateful = sessions;
        String allow = stateful == null ? ALLOW : ALLOW_SESSIONS;
        if ("OPTIONS".equals(method)) {
            response.setHeader("Allow", allow);
            response.setStatus(204);
            return;
        }
        boolean sessionMethod = stateful != null && ("GET".equals(method) || "DELETE".equals(method));
        if (!"POST".equals(method) && !sessionMethod) {
            response.setHeader("Allow", allow);
            error(
                    response,
                    405,
                    null,
                    JsonRpcErrors.INVALID_REQUEST,
                    stateful == null
                            ? "Method not allowed: MCP takes POST here"
                            : "Method not allowed: MCP takes POST, GET and DELETE here");
            return;
        }
        McpStatelessServerHandler sdk = handler;
        if (closing || (stateful == null ? sdk == null : !stateful.serving())) {
            error(response, 503, null, JsonRpcErrors.SERVER_UNAVAILABLE, JsonRpcErrors.messageFor(503));
            return;
        }
        Optional<Principal> caller = callers.apply(request);
        if (caller.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer");
            error(response, 401, null, JsonRpcErrors.UNAUTHORIZED, JsonRpcErrors.messageFor(401));
            return;
        }
        if (sessionMethod) {
            if (!admission.admit(request, response, caller.get(), null)) {
                return;
            }
            stateful.serve(method, request, response, caller.get());
            return;
        }
        if (!isJson(request.getContentType())) {
            error(
                    response,
                    415,
                    null,
                    JsonRpcErrors.INVALID_REQUEST,
                    "Unsupported Media Type: the body must be application/json");
            return;
        }
        if (!accepts(request.getHeader("Accept"))) {
            error(
                    response,
                    406,
                    null,
                    JsonRpcErrors.INVALID_REQUEST,
                    "Not Acceptable: the client must accept application/json and text/event-stream");
            return;
        }
        byte[] body = body(request, response);
        if (body == null) {
            return;
        }
        String text = utf8(body);
        if (text == null) {
            error(response, 400, null, JsonRpcErrors.PARSE_ERROR, "Parse error: the body is not UTF-8");
            return;
        }
        Object value = readValue(text);
        if (!admission.admit(request, response, caller.get(), value == NOT_JSON ? null : value)) {
            return;
        }
        String version = request.getHeader(Era2026Requests.PROTOCOL_VERSION_HEADER);
        Era2026Requests era = era2026;
        if (era != null && claimed(era, value, version)) {
            serve2026(era, request, response, value, caller.get());
            return;
        }
        if (version != null && !ProtocolEra.SESSION_VERSIONS.contains(version.strip())) {
            error(
                    response,
                    400,
                    null,
                    JsonRpcErrors.INVALID_REQUEST,
                    "Bad Request: unsupported MCP-Protocol-Version; supported: "
                            + String.join(", ", ProtocolEra.SESSION_VERSIONS));
            return;
        }
        JsonRpcMessageReader.Read read = messages.read(value != NOT_JSON && !text.isBlank(), value);
        if (read instanceof JsonRpcMessageReader.Refused refused) {
            error(response, refused.status(), refused.id(), refused.code(), refused.message());
            return;
        }
        McpSchema.JSONRPCMessage message = ((JsonRpcMessageReader.Message) read).message();
        if (stateful != null) {
            stateful.post(request, response, message, caller.get());
            return;
        }
        serve2025(sdk, request, response, message, caller.get());
    }

    /** The body, at most {@link #maxRequestBytes}; {@code null} once a larger one was answered 413. */
    private byte[] body(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxRequestBytes) {
            error(response, 413, null, JsonRpcErrors.INVALID_REQUEST, JsonRpcErrors.messageFor(413));
            return null;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxRequestBytes + 1));
        if (body.length > maxRequestBytes) {
            error(response, 413, null, JsonRpcErrors.INVALID_REQUEST, JsonRpcErrors.messageFor(413));
            return null;
        }
        return body;
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }

    /** The body as one JSON value ({@code Map} for an object), or {@code null} when it is not JSON. */
    private Object readValue(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return text.strip().startsWith("{")
                    ? jsonMapper.readValue(text, OBJECT)
                    : jsonMapper.readValue(text, Object.class);
        } catch (IOException | RuntimeException notJson) {
            return NOT_JSON;
        }
    }

    /** What {@link #readValue} gives for a body that is not JSON. */
    private static final Object NOT_JSON = new Object();

    private static boolean claimed(Era2026Requests era, Object value, String version) {
        if (version != null && era.claims(null, null, version.strip())) {
            return true;
        }
        return value instanceof Map<?, ?> message
                && message.get("method") instanceof String method
                && era.claims(method, message.get("params"), version);
    }

    static RequestOrigin.Builder origin(HttpServletRequest request, ProtocolEra era, Principal caller) {
        RequestOrigin.Builder origin = RequestOrigin.builder(era).caller(caller);
        String requestId = request.getHeader("X-Request-Id");
        if (requestId != null && !requestId.isBlank()) {
            origin.clientRequestId(requestId);
        }
        Map<String, String> trace = new HashMap<>();
        for (String name : new String[] {"traceparent", "tracestate"}) {
            String header = request.getHeader(name);
            if (header != null) {
                trace.put(name, header);
            }
        }
        return origin.traceContext(trace);
    }

    private void serve2025(
            McpStatelessServerHandler sdk,
            HttpServletRequest request,
            HttpServletResponse response,
            McpSchema.JSONRPCMessage message,
            Principal caller)
            throws IOException {
        McpTransportContext context = McpTransportContext.create(
                origin(request, ProtocolEra.SESSIONS_2025_11_25, caller).build().asContext());
        if (message instanceof McpSchema.JSONRPCNotification notification) {
            try {
                sdk.handleNotification(context, notification)
                        .contextWrite(reactor -> reactor.put(McpTransportContext.KEY, context))
                        .block();
            } catch (RuntimeException e) {
                LOG.warn(
                        "The MCP handler failed on a {} notification: {}",
                        notification.method(),
                        Objects.toString(e.getMessage(), "no reason given"));
            }
            response.setStatus(202);
            return;
        }
        if (!(message instanceof McpSchema.JSONRPCRequest jsonRpcRequest)) {
            error(
                    response,
                    400,
                    null,
                    JsonRpcErrors.INVALID_REQUEST,
                    "Invalid Request: a response, but this"
                            + " server is stateless: it sends no requests, so it takes no responses");
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // the call's own deadline bounds it
        Mono<McpSchema.JSONRPCResponse> answer;
        try {
            answer = sdk.handleRequest(context, jsonRpcRequest)
                    .contextWrite(reactor -> reactor.put(McpTransportContext.KEY, context));
        } catch (RuntimeException | Error e) {
            answer = Mono.error(e);
        }
        AtomicBoolean given = new AtomicBoolean(); // one answer: the handler's, or the shutdown's cut-off
        Runnable[] cutOff = new Runnable[1];
        cutOff[0] = () -> {
            if (given.compareAndSet(false, true)) {
                json(async, 200, cutOffBody(jsonRpcRequest.id()));
                untrack(cutOff[0]);
            }
        };
        track(cutOff[0]);
        answer.subscribe(
                answered -> {
                    if (!given.compareAndSet(false, true)) {
                        return; // cut off by the shutdown already
                    }
                    untrack(cutOff[0]);
                    try {
                        json(async, 200, jsonMapper.writeValueAsBytes(answered));
                    } catch (IOException | RuntimeException e) {
                        unanswerable(async, jsonRpcRequest, e);
                    }
                },
                failure -> {
                    if (given.compareAndSet(false, true)) {
                        untrack(cutOff[0]);
                        unanswerable(async, jsonRpcRequest, failure);
                    }
                });
    }

    private static byte[] cutOffBody(Object id) {
        return JsonRpcErrors.body(id, JsonRpcErrors.SERVER_UNAVAILABLE, JsonRpcErrors.CUT_OFF)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void unanswerable(AsyncContext async, McpSchema.JSONRPCRequest request, Throwable failure) {
        LOG.error("The MCP handler failed on a {} request", request.method(), failure);
        json(
                async,
                500,
                JsonRpcErrors.body(request.id(), JsonRpcErrors.INTERNAL_ERROR, JsonRpcErrors.UNANSWERABLE)
                        .getBytes(StandardCharsets.UTF_8));
    }

    private void serve2026(
            Era2026Requests era,
            HttpServletRequest request,
            HttpServletResponse response,
            Object value,
            Principal caller) {
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            // a header given more than once is one value joined with commas (RFC 9110, 5.3)
            headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", Collections.list(request.getHeaders(name))));
        }
        RequestOrigin origin =
                origin(request, ProtocolEra.REQUESTS_2026_07_28, caller).build();
        Era2026Request served;
        if (value == NOT_JSON) {
            served = Era2026Request.notJsonOverHttp(headers, origin);
        } else {
            @SuppressWarnings("unchecked") // a JSON object as read: string keys
            Map<String, Object> message = value instanceof Map<?, ?> object ? (Map<String, Object>) object : null;
            served = Era2026Request.overHttp(message, headers, origin);
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // the call's own deadline bounds it
        Reply reply = new Reply(async, idOf(value));
        CompletableFuture<Era2026Answer> answered = new CompletableFuture<>();
        async.addListener(reply.leaving(() -> answered.cancel(false)));
        answered.whenComplete((answer, failure) -> {
            if (failure instanceof CancellationException) {
                reply.end();
            } else if (failure != null) {
                LOG.error("Serving a 2026-era request failed", failure);
                reply.unanswerable(idOf(value));
            } else {
                reply.answer(answer);
            }
        });
        try {
            era.serve(served, reply::notify, answered);
        } catch (RuntimeException | Error e) {
            answered.completeExceptionally(e);
        }
    }

    private static Object idOf(Object value) {
        return value instanceof Map<?, ?> message ? message.get("id") : null;
    }

    /**
     * The answer of one 2026-era request: one JSON message with its own status, or, once a notification came first,
     * an event stream; for {@code subscriptions/listen} the stream that follows its acknowledgement. Thread-safe: one
     * lock orders the core's notifications and its answer.
     */
    private final class Reply {

        private final AsyncContext async;
        private final Object id;
        private final Runnable cutOff = this::cutOff;
        private boolean streaming;
        private boolean done;
        private NotificationStream subscription;
        private ScheduledFuture<?> keepAliveTask;

        Reply(AsyncContext async, Object id) {
            this.async = async;
            this.id = id;
            track(cutOff);
        }

        /** Answers the request as cut off by the shutdown, as the last event of a stream that is one. */
        private synchronized void cutOff() {
            if (done) {
                return;
            }
            if (subscription != null) {
                closeSubscription();
                return;
            }
            byte[] error = cutOffBody(id);
            if (streaming) {
                try {
                    write("data: " + new String(error, StandardCharsets.UTF_8) + "\n\n");
                } catch (IOException clientGone) {
                    LOG.debug("A client went away before its 2026-era request was answered as cut off");
                }
                complete();
                return;
            }
            done = true;
            untrack(cutOff);
            json(async, 200, error);
        }

        /** Runs {@code left} when the client's connection fails before the answer is complete. */
        AsyncListener leaving(Runnable left) {
            return new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {}

                @Override
                public void onTimeout(AsyncEvent event) {
                    left.run();
                    closeSubscription();
                }

                @Override
                public void onError(AsyncEvent event) {
                    left.run();
                    closeSubscription();
                }

                @Override
                public void onStartAsync(AsyncEvent event) {}
            };
        }

        synchronized void notify(String json) {
            if (done) {
                return;
            }
            try {
                startStream();
                write("data: " + json + "\n\n");
            } catch (IOException clientGone) {
                LOG.debug("A client went away during its 2026-era request");
            }
        }

        synchronized void answer(Era2026Answer answer) {
            if (done) {
                answer.stream().ifPresent(NotificationStream::close);
                return;
            }
            try {
                if (answer.stream().isPresent()) {
                    listen(answer, answer.stream().get());
                    return;
                }
                if (streaming) {
                    if (!answer.body().isEmpty()) {
                        write("data: " + answer.json() + "\n\n");
                    }
                    complete();
                    return;
                }
                HttpServletResponse response = (HttpServletResponse) async.getResponse();
                response.setStatus(answer.httpStatus());
                if (!answer.body().isEmpty()) {
                    byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
                    response.setContentType("application/json");
                    response.setContentLength(bytes.length);
                    response.getOutputStream().write(bytes);
                }
                complete();
            } catch (IOException | RuntimeException clientGone) {
                LOG.debug("A client went away before its 2026-era answer");
                complete();
            }
        }

        synchronized void unanswerable(Object id) {
            if (done) {
                return;
            }
            String error = JsonRpcErrors.body(id, JsonRpcErrors.INTERNAL_ERROR, JsonRpcErrors.UNANSWERABLE);
            if (streaming) {
                try {
                    write("data: " + error + "\n\n");
                } catch (IOException clientGone) {
                    LOG.debug("A client went away before its 2026-era request was answered with an error");
                }
                complete();
                return;
            }
            done = true;
            untrack(cutOff);
            json(async, 500, error.getBytes(StandardCharsets.UTF_8));
        }

        /** The request was given up on: nothing more is written. */
        synchronized void end() {
            if (!done) {
                if (!streaming) {
                    ((HttpServletResponse) async.getResponse()).setStatus(204);
                }
                complete();
            }
        }

        private void listen(Era2026Answer answer, NotificationStream stream) throws IOException {
            subscription = stream;
            startStream();
            write("data: " + answer.json() + "\n\n");
            stream.open(this::deliver, this::ended);
            long every = keepAlive.toMillis();
            keepAliveTask = keepAlives.scheduleAtFixedRate(this::keepAlive, every, every, TimeUnit.MILLISECONDS);
        }

        private synchronized void deliver(String json) {
            if (done) {
                return;
            }
            try {
                write("data: " + json + "\n\n");
            } catch (IOException clientGone) {
                closeSubscription();
            }
        }

        private synchronized void keepAlive() {
            if (done) {
                return;
            }
            try {
                write(": keepalive\n\n");
            } catch (IOException clientGone) {
                closeSubscription();
            }
        }

        /** The server ended the subscription after its result. */
        private synchronized void ended() {
            complete();
        }

        private synchronized void closeSubscription() {
            if (subscription != null) {
                subscription.close();
                subscription = null;
            }
            complete();
        }

        private void startStream() throws IOException {
            if (streaming) {
                return;
            }
            streaming = true;
            HttpServletResponse response = (HttpServletResponse) async.getResponse();
            response.setStatus(200);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-cache");
            response.flushBuffer();
        }

        private void write(String text) throws IOException {
            OutputStream out = async.getResponse().getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        private void complete() {
            if (done) {
                return;
            }
            done = true;
            untrack(cutOff);
            if (keepAliveTask != null) {
                keepAliveTask.cancel(false);
            }
            try {
                async.complete();
            } catch (IllegalStateException alreadyEnded) {
                LOG.debug("The response had ended already");
            }
        }
    }

    /** Writes {@code body} as the JSON answer with {@code status}, and completes the asynchronous request. */
    private static void json(AsyncContext async, int status, byte[] body) {
        try {
            HttpServletResponse response = (HttpServletResponse) async.getResponse();
            response.setStatus(status);
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        } catch (IOException | RuntimeException clientGone) {
            LOG.debug("A client went away before its answer");
        } finally {
            try {
                async.complete();
            } catch (IllegalStateException alreadyEnded) {
                LOG.debug("The response had ended already");
            }
        }
    }

    static void error(HttpServletResponse response, int status, Object id, int code, String message)
            throws IOException {
        byte[] body = JsonRpcErrors.body(id, code, message).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static boolean isJson(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).strip().startsWith("application/json");
    }

    /** Whether an {@code Accept} header (or its absence) lets the answer be JSON or an event stream. */
    private static boolean accepts(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        return lower.contains("application/json") || lower.contains("*/*") || lower.contains("application/*");
    }
}
