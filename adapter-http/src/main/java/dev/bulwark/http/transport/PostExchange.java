package dev.bulwark.http.transport;

import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.exchange.McpExchange;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.sessions.SessionRequests;
import dev.bulwark.ports.tracing.RequestTraces.Trace;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * One POST to the streamable transport: its one message read from the body, then served. One per request; not
 * thread-safe, but what runs on the thread that completes a request's answer uses only what does not change and the
 * stream, which is.
 */
final class PostExchange {

    private static final Logger LOG = LoggerFactory.getLogger(PostExchange.class);

    private static final String TASK_RESULT = "tasks/result";

    /**
     * How often the event stream of a wait that ends with its client is probed: a client that closed its connection
     * is noticed about two probes after it left (the first write after the close still succeeds).
     */
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    /**
     * The requests that only wait for something that goes on without them ({@code tasks/result} waits for its task):
     * when their client leaves, the wait ends, rather than keeping its answer for a resumption. The client asks again.
     */
    static final Set<String> ENDS_WITH_ITS_CLIENT = Set.of(TASK_RESULT);

    private final JettyStreamableTransportProvider transport;
    private final McpExchange exchange;
    private final Request request;
    private final Response response;
    private final Callback callback;

    PostExchange(JettyStreamableTransportProvider transport, McpExchange exchange) {
        this.transport = transport;
        this.exchange = exchange;
        this.request = exchange.request();
        this.response = exchange.response();
        this.callback = exchange;
    }

    void serve() {
        McpSchema.JSONRPCMessage message = transport.reader().readOrAnswer(exchange);
        if (message == null) {
            return;
        }
        McpTransportContext context = transport.contextExtractor().extract(request);
        if (message instanceof McpSchema.JSONRPCRequest initialize
                && McpSchema.METHOD_INITIALIZE.equals(initialize.method())) {
            startSession(initialize, context);
            return;
        }
        StreamableSession session = transport.sessionOf(request, response, exchange);
        if (session == null) {
            return;
        }
        if (message instanceof McpSchema.JSONRPCRequest jsonRpcRequest) {
            answer(session, jsonRpcRequest, context);
        } else {
            accept(session, message, context);
        }
    }

    /**
     * Starts a session and answers its {@code initialize} in JSON, waiting (blocking) for the SDK's result: it is
     * not on the tool-call path, and the SDK computes it at once.
     */
    private void startSession(McpSchema.JSONRPCRequest initialize, McpTransportContext context) {
        Trace trace = transport.tracing().start(initialize, null, context);
        McpStreamableServerSession.McpStreamableServerSessionInit init = transport.startSession(initialize);
        trace.sessionStarted(init.session().getId());
        byte[] json;
        try {
            McpSchema.InitializeResult result = init.initResult().block();
            json = transport
                    .jsonMapper()
                    .writeValueAsBytes(
                            transport.initializeWire(McpSchema.JSONRPCResponse.result(initialize.id(), result)));
        } catch (IOException | RuntimeException e) {
            transport.forget(init.session().getId());
            LOG.error("A session could not be initialized", e);
            trace.failed(e);
            JsonResponses.error(response, callback, 500);
            return;
        }
        SdkRequestTraces.end(trace, null);
        response.getHeaders().put(HttpHeaders.MCP_SESSION_ID, init.session().getId());
        exchange.sessionStarted(init.session().getId());
        JsonResponses.send(response, callback, 200, json);
    }

    /**
     * Answers the request on a new event stream of the session: subscribes to the SDK's answer and returns at once;
     * the SDK writes the answer on the stream, and the thread that completes it ends the trace and closes the stream.
     */
    private void answer(
            StreamableSession session, McpSchema.JSONRPCRequest jsonRpcRequest, McpTransportContext context) {
        SseStream stream = session.newStream(jsonRpcRequest.id());
        // the call goes on if the connection drops (its answer is kept); it ends with its answer, before that is
        // written, so the drain is up to date when the client has it
        Runnable callEnded = exchange.callStarted();
        stream.whenAnswered(() -> {
            if (stream.unwritable()) {
                exchange.refuse(JsonRpcErrors.UNANSWERABLE_ERROR_TYPE); // counted as the exchange ends, so before
            }
            callEnded.run();
        });
        Trace trace = transport.tracing().start(jsonRpcRequest, session.sdk().getId(), context);
        Mono<Void> answered;
        StreamableServedSession served = new StreamableServedSession(session, transport.jsonMapper(), stream);
        try {
            stream.attach(
                    new SseConnection(response, callback), request.getHeaders().get(HttpHeaders.PROTOCOL_VERSION));
            SessionRequests core = transport.sessionRequests();
            if (core != null && core.claims(jsonRpcRequest.method(), jsonRpcRequest.params())) {
                // the tool list, a tool call, a task request: the core answers it here, past the SDK's dispatch
                RequestOrigin origin = RequestOrigin.from(context::get);
                answered = Mono.create(sink -> {
                            // hooked on before the core serves: a tool's handler may hold this thread past its answer
                            CompletableFuture<Object> answer = new CompletableFuture<>();
                            answer.whenComplete((done, failure) -> {
                                if (failure != null) {
                                    sink.error(failure);
                                } else {
                                    sink.success(done);
                                }
                            });
                            sink.onDispose(() -> answer.cancel(false));
                            core.serve(jsonRpcRequest, origin, served, answer);
                        })
                        .flatMap(answer -> stream.sendMessage((McpSchema.JSONRPCMessage) answer));
            } else {
                answered = session.sdk()
                        .responseStream(jsonRpcRequest, stream)
                        .contextWrite(Context.of(McpTransportContext.KEY, context));
            }
        } catch (RuntimeException | Error e) {
            answered = Mono.error(e);
        }
        exchange.onCutOff(() -> answerCutOff(stream, jsonRpcRequest.id())); // its connection attached
        Disposable subscription = Completions.whenDone(answered, (done, failure) -> {
            try {
                if (failure == null) {
                    SdkRequestTraces.end(trace, stream.answer());
                } else {
                    LOG.error("A {} request of a session failed", jsonRpcRequest.method(), failure);
                    trace.failed(failure);
                    answerFailure(stream, jsonRpcRequest.id());
                }
            } finally {
                served.answered();
                stream.close(); // the SDK closes it after the answer; this ends it on any other way out
                callEnded.run();
            }
        });
        if (ENDS_WITH_ITS_CLIENT.contains(jsonRpcRequest.method())) {
            endWithItsClient(stream, () -> {
                subscription.dispose(); // ends the wait in the core
                SdkRequestTraces.end(trace, null);
                stream.close();
                callEnded.run();
            });
        }
    }

    /**
     * Runs {@code left} once the client of {@code stream} left before its answer: its connection failed, or a probe
     * written every {@link #PROBE_INTERVAL} could not be written.
     */
    private void endWithItsClient(SseStream stream, Runnable left) {
        AtomicBoolean gone = new AtomicBoolean();
        Runnable once = () -> {
            if (gone.compareAndSet(false, true)) {
                LOG.debug("A client left its {} wait: the wait ends", TASK_RESULT);
                left.run();
            }
        };
        if (stream.closed()) {
            return; // answered already
        }
        try {
            request.addFailureListener(failure -> once.run());
        } catch (IllegalStateException answeredMeanwhile) { // the response completed: nothing waits any more
            return;
        }
        probeEvery(stream, once);
    }

    private void probeEvery(SseStream stream, Runnable left) {
        request.getComponents()
                .getScheduler()
                .schedule(
                        () -> {
                            if (stream.closed()) {
                                return; // answered
                            }
                            if (stream.probe()) {
                                probeEvery(stream, left);
                            } else if (!stream.closed()) {
                                left.run();
                            }
                        },
                        PROBE_INTERVAL.toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    /**
     * Answers a request whose handling failed and that has no answer yet with a JSON-RPC internal error, so its client
     * is not left with an event stream that ends without one, and counts it; the failure's own text stays in the
     * server's log.
     */
    private void answerFailure(SseStream stream, Object requestId) {
        if (stream.answer() != null) {
            return;
        }
        exchange.refuse(JsonRpcErrors.UNANSWERABLE_ERROR_TYPE);
        stream.sendMessage(new McpSchema.JSONRPCResponse(
                        McpSchema.JSONRPC_VERSION,
                        requestId,
                        null,
                        new McpSchema.JSONRPCResponse.JSONRPCError(
                                McpSchema.ErrorCodes.INTERNAL_ERROR, JsonRpcErrors.UNANSWERABLE, null)))
                .subscribe(null, unsent -> LOG.debug("The error answer could not be sent: {}", unsent.toString()));
    }

    /**
     * Answers a request the shutdown cut off, on its event stream, with a JSON-RPC error saying it may have run; the
     * handler's own answer, should it come later, is dropped by the stream.
     */
    private static void answerCutOff(SseStream stream, Object requestId) {
        stream.sendMessage(new McpSchema.JSONRPCResponse(
                        McpSchema.JSONRPC_VERSION,
                        requestId,
                        null,
                        new McpSchema.JSONRPCResponse.JSONRPCError(
                                JsonRpcErrors.SERVER_UNAVAILABLE, JsonRpcErrors.CUT_OFF, null)))
                .subscribe(null, unsent -> LOG.debug("The cut-off answer could not be sent: {}", unsent.toString()));
    }

    /**
     * A notification or a response: taken, and answered {@code 202} at once. A cancellation is handled first (the
     * SDK's session only logs it); a response is no longer awaited. The SDK's handling starts on this thread, so what
     * it does at once (a response completing its request, {@code notifications/initialized}) is done before the
     * answer; what waits (the {@code roots/list} that {@code notifications/roots/list_changed} sends the client)
     * holds no thread. A failure to handle it is logged at DEBUG, by its type only: clients cause them (a late
     * response, no stream to ask on), and their text may quote the client or name the session.
     */
    private void accept(StreamableSession session, McpSchema.JSONRPCMessage message, McpTransportContext context) {
        if (message instanceof McpSchema.JSONRPCNotification notification) {
            transport.cancelIfCancellation(session, notification);
        } else if (message instanceof McpSchema.JSONRPCResponse response) {
            session.answered(response.id());
        }
        try {
            (message instanceof McpSchema.JSONRPCNotification notification
                            ? session.sdk().accept(notification)
                            : session.sdk().accept((McpSchema.JSONRPCResponse) message))
                    .contextWrite(Context.of(McpTransportContext.KEY, context))
                    .subscribe(null, PostExchange::notHandled);
        } catch (RuntimeException e) {
            notHandled(e);
        }
        JsonResponses.empty(response, callback, 202);
    }

    private static void notHandled(Throwable failure) {
        LOG.debug(
                "A message a client sent to its session could not be handled ({})",
                failure.getClass().getSimpleName());
    }
}
