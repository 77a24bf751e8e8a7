package dev.bulwark.stdio;

import dev.bulwark.ports.calls.CancelledRequests;
import dev.bulwark.ports.logging.FailureText;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import io.modelcontextprotocol.spec.McpServerSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands inbound messages to the one MCP session in input order, and keeps count of those being handled.
 */
final class InboundDispatcher {

    /** How many requests may run on the request threads at once; more wait their turn. */
    static final int MAX_IN_FLIGHT = 256;

    /** How many requests may wait their turn; one more is answered {@value StdioRefusals#SERVER_UNAVAILABLE}, busy. */
    static final int MAX_WAITING = 1024;

    /** How long the end of the session waits for requests still being handled, unless told otherwise. */
    static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    /** Logs under the transport's name, so that every line of the stdio transport carries one logger. */
    private static final Logger log = LoggerFactory.getLogger(StdioTransportProvider.class);

    private static final String JSONRPC_VERSION = "2.0";

    private final Supplier<McpServerSession> session;
    private final OutputPump output;
    private final PendingClientRequests pending;
    private final InitializationGate lifecycle = new InitializationGate();
    /** Set once the session is ending: no further inbound message is dispatched. */
    private final AtomicBoolean closing = new AtomicBoolean();
    /** The messages being handled, and the requests waiting their turn: the drain waits for them all. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The ids of the requests running on the request threads: those the drain's end answers as cut off. */
    private final Set<Object> running = ConcurrentHashMap.newKeySet();

    private final InFlightLimit limit;
    private final StdioRefusals refusals;
    /** Completes when, after {@link #closing} was set, no dispatched message is still being handled. */
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    /** Where the client's cancellations go, once told; until then they go to the session like other notifications. */
    private final CoreCancellations cancellations;
    /** Where 2026-era requests go; {@code null} to hand every request to the session. */
    private volatile Era2026Dispatch era2026;
    /** Where the session requests the core answers go; {@code null} to hand them to the session. */
    private volatile SessionRequestDispatch sessionRequests;

    private final ServedRequestSpans spans;
    private final Executor requestThreads;
    private final Duration drainTimeout;

    /**
     * @param session the session messages go to; read at each dispatch, so it may be created after this
     * @param output where the answers given here go
     * @param pending the server's requests the client has yet to answer
     * @param spans where a request handed to the session starts its span
     * @param requestThreads where requests other than {@code initialize} and {@code ping} are handed to the session
     * @param drainTimeout how long the end of the session waits for requests still being handled
     * @param maxHeldBytes how many bytes of lines the requests running and waiting may take together
     *     ({@link InFlightLimit#maxHeldBytes})
     */
    InboundDispatcher(
            Supplier<McpServerSession> session,
            OutputPump output,
            PendingClientRequests pending,
            ServedRequestSpans spans,
            Executor requestThreads,
            Duration drainTimeout,
            long maxHeldBytes) {
        this.drainTimeout = drainTimeout;
        this.limit = new InFlightLimit(MAX_IN_FLIGHT, MAX_WAITING, maxHeldBytes);
        this.cancellations = new CoreCancellations(session, pending, output);
        this.session = session;
        this.requestThreads = requestThreads;
        this.output = output;
        this.refusals = new StdioRefusals(output);
        this.pending = pending;
        this.spans = spans;
    }

    /** Reports the client's cancellations to {@code requests} from now on. */
    void reportCancellationsTo(CancelledRequests requests) {
        cancellations.reportTo(requests);
    }

    /**
     * The server's request {@code sent} was cancelled on the client, its call having ended: answers it in the
     * client's place ({@link CoreCancellations#answerInClientsPlace}).
     */
    void answerInClientsPlace(Object sent, String reason) {
        cancellations.answerInClientsPlace(session.get(), sent, reason);
    }

    /** Serves the 2026-era requests through {@code dispatch} from now on. */
    void serveEra2026With(Era2026Dispatch dispatch) {
        this.era2026 = dispatch;
    }

    /** Serves the session requests the core answers through {@code dispatch} from now on. */
    void serveSessionRequestsWith(SessionRequestDispatch dispatch) {
        this.sessionRequests = dispatch;
    }

    /**
     * Hands one message to the session, starts it on a request thread, keeps it waiting its turn, or answers or
     * drops it here. Never waits for the in-flight limit.
     *
     * @param json the JSON object the message was read from, which a 2026-era request is served from (the session
     *     era's types drop some of its fields)
     * @param lineBytes the length of the line the message was read from
     */
    void dispatch(JSONRPCMessage message, Map<String, Object> json, int lineBytes) {
        // Counted while it is dispatched: a shutdown that begins meanwhile waits for what this answers here
        inFlight.incrementAndGet();
        try {
            dispatchCounted(message, json, lineBytes);
        } finally {
            handled();
        }
    }

    private void dispatchCounted(JSONRPCMessage message, Map<String, Object> json, int lineBytes) {
        if (message instanceof JSONRPCResponse response) {
            pending.remove(response.id());
        }
        if (message instanceof JSONRPCNotification notification
                && CancelledRequests.METHOD.equals(notification.method())
                && (cancelWaiting(notification)
                        || endSubscription(notification)
                        || cancellations.report(notification))) {
            return;
        }
        if (closing.get() && !(message instanceof JSONRPCResponse)) {
            // The session is ending: a call in flight may still wait for the client's answer, so responses pass;
            // nothing new starts.
            refusals.whileEnding(message);
            return;
        }
        Era2026Dispatch era2026Dispatch = era2026;
        if (era2026Dispatch != null && message instanceof JSONRPCRequest request && era2026Dispatch.claims(request)) {
            // The 2026 era has no lifecycle: no initialize, no session
            admit(request, lineBytes, () -> serveEra2026(era2026Dispatch, request, json, lineBytes));
            return;
        }
        switch (lifecycle.admit(message)) {
            case ANSWER_PING -> {
                output.enqueue(new JSONRPCResponse(JSONRPC_VERSION, ((JSONRPCRequest) message).id(), Map.of(), null));
                return;
            }
            case REFUSE -> {
                refusals.outOfOrder(((JSONRPCRequest) message).id(), lifecycle.refusal());
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
        McpServerSession current = session.get();
        if (message instanceof JSONRPCResponse) {
            // Completes a pending server-to-client request at once: the handler waiting for it may be one of those
            // holding the in-flight limit.
            deliver(current, message);
            return;
        }
        SessionRequestDispatch core = sessionRequests;
        if (core != null && message instanceof JSONRPCRequest request && core.claims(request)) {
            admit(request, lineBytes, () -> serveInCore(core, current, request, lineBytes));
            return;
        }
        if (message instanceof JSONRPCRequest request && !runsOnReader(request.method())) {
            admit(request, lineBytes, () -> runOnWorker(current, request, lineBytes));
            return;
        }
        inFlight.incrementAndGet();
        if (message instanceof JSONRPCRequest request) {
            if (core != null && McpSchema.METHOD_INITIALIZE.equals(request.method())) {
                core.initializing(request);
            }
            spans.started(request, current.getId());
        }
        handle(current, message, this::handled);
    }

    /**
     * Whether the session answers {@code request} at once, without a handler that could wait: {@code initialize}
     * (so that {@code notifications/initialized}, handled here too, reaches the session after it) and {@code ping}
     * (answered in input order).
     */
    private static boolean runsOnReader(String method) {
        return McpSchema.METHOD_INITIALIZE.equals(method) || McpSchema.METHOD_PING.equals(method);
    }

    /**
     * Counts {@code request} in flight and has {@code start} run it now or once its turn comes; answers it at once
     * when too many requests wait or the session is ending. Counted first, so that the drain waits for its answer
     * however it ends. {@code start} must call {@link #finished} with its {@code bytes} once the request has been
     * handled.
     */
    private void admit(JSONRPCRequest request, int bytes, Runnable start) {
        inFlight.incrementAndGet();
        switch (limit.offer(request.id(), bytes, start)) {
            case STARTED, WAITING -> {
                // it runs, or starts when a running request ends
            }
            case FULL -> {
                refusals.busy(request.id(), MAX_IN_FLIGHT, limit.waiting());
                handled();
            }
            case NO_ROOM -> {
                refusals.withoutRoom(request.id(), bytes, limit.heldBytes());
                handled();
            }
            case CLOSED -> {
                refusals.whileEnding(request);
                handled();
            }
        }
    }

    /**
     * Answers busy, unparsed, a request line that would not fit beside the requests held (parsing it would take about
     * 22 times its bytes), if its top level reads plainly as one ({@link LineHead}); returns whether it did.
     */
    boolean refusedWithoutRoom(byte[] line, int length) {
        LineHead.Head head = limit.fits(length) ? LineHead.UNKNOWN : LineHead.read(line, length);
        if (!head.request() || runsOnReader(head.method())) {
            return false;
        }
        inFlight.incrementAndGet(); // counted first, as in dispatch: a drain beginning now waits for this answer
        try {
            if (closing.get()) {
                refusals.shuttingDown(head.id());
            } else {
                refusals.withoutRoom(head.id(), length, limit.heldBytes());
            }
        } finally {
            handled();
        }
        return true;
    }

    /**
     * Hands {@code request} to the session on a request thread; the reader must not wait for its handler. Its span
     * starts there too: this may run on the thread of a request that has just ended, whose trace is not its own.
     */
    private void runOnWorker(McpServerSession current, JSONRPCRequest request, int bytes) {
        running.add(request.id());
        try {
            requestThreads.execute(() -> {
                spans.started(request, current.getId());
                handle(current, request, () -> finished(request.id(), bytes));
            });
        } catch (RejectedExecutionException e) {
            refusals.shuttingDown(request.id());
            finished(request.id(), bytes);
        }
    }

    /** Has the core serve {@code request} on a request thread, as {@link #runOnWorker} has the session. */
    private void serveInCore(SessionRequestDispatch core, McpServerSession current, JSONRPCRequest request, int bytes) {
        running.add(request.id());
        try {
            requestThreads.execute(() -> {
                spans.started(request, current.getId());
                core.serve(request, () -> finished(request.id(), bytes));
            });
        } catch (RejectedExecutionException e) {
            refusals.shuttingDown(request.id());
            finished(request.id(), bytes);
        }
    }

    /** Hands {@code message} to the session, and runs {@code done} once it has been handled. */
    private void handle(McpServerSession current, JSONRPCMessage message, Runnable done) {
        try {
            current.handle(message).doFinally(signal -> done.run()).subscribe(null, this::logHandlingFailure);
        } catch (RuntimeException e) {
            log.error("Handing an inbound message to the MCP session failed", e);
            done.run();
        }
    }

    private void serveEra2026(Era2026Dispatch dispatch, JSONRPCRequest request, Map<String, Object> json, int bytes) {
        running.add(request.id());
        try {
            dispatch.serve(request.id(), json, () -> finished(request.id(), bytes));
        } catch (RuntimeException e) {
            log.error("Handing a 2026-era request on failed", e);
            finished(request.id(), bytes);
        }
    }

    /**
     * Takes the request a {@code notifications/cancelled} names out of those waiting their turn, if it waits: it
     * never runs, and gets no answer.
     */
    private boolean cancelWaiting(JSONRPCNotification notification) {
        Object requestId = notification.params() instanceof Map<?, ?> params ? params.get("requestId") : null;
        if (!(requestId instanceof String || requestId instanceof Number) || !limit.cancel(requestId)) {
            return false;
        }
        log.debug("The client cancelled a request still waiting its turn: it is not run, and gets no answer");
        handled();
        return true;
    }

    /** Ends the subscription a {@code notifications/cancelled} names, if it names an open one. */
    private boolean endSubscription(JSONRPCNotification notification) {
        Era2026Dispatch dispatch = era2026;
        return dispatch != null
                && notification.params() instanceof Map<?, ?> params
                && dispatch.cancelled(params.get("requestId"));
    }

    /**
     * Answers, in the client's place, the server's requests the client can no longer answer now that its input has
     * ended, so the calls waiting for them fail at once instead of at their timeout.
     */
    void clientInputEnded() {
        McpServerSession current = session.get();
        pending.inputEnded(id -> deliver(
                current,
                new JSONRPCResponse(
                        JSONRPC_VERSION,
                        id,
                        null,
                        new JSONRPCError(
                                McpSchema.ErrorCodes.INTERNAL_ERROR,
                                "The client closed its input (stdin) before answering this request",
                                null))));
    }

    /**
     * Stops dispatching, and answers the requests still waiting their turn
     * {@value StdioRefusals#SERVER_UNAVAILABLE} "shutting down"; once handling drains (or times out) the
     * {@link #whenDrained} action runs. Idempotent.
     */
    void beginShutdown() {
        // The shutdown counts as in flight until the open subscriptions have their results and the waiting requests
        // their refusals: a request ending meanwhile must not end the output ahead of them
        inFlight.incrementAndGet();
        if (!closing.compareAndSet(false, true)) {
            handled();
            return;
        }
        Era2026Dispatch dispatch = era2026;
        if (dispatch != null) {
            dispatch.closeAll();
        }
        // Each refusal is queued before it stops counting, so the drain cannot end the output ahead of it
        for (Object id : limit.close()) {
            refusals.shuttingDown(id);
            handled();
        }
        handled();
        drained.completeOnTimeout(null, drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the session is ending: nothing new is dispatched. */
    boolean isClosing() {
        return closing.get();
    }

    /** How many requests wait their turn now. */
    int requestsWaiting() {
        return limit.waiting();
    }

    /**
     * Runs {@code action} once shutdown has begun and handling has drained or timed out, first answering each request
     * still running as cut off, and warning of them.
     */
    void whenDrained(Runnable action) {
        drained.whenComplete((ignored, error) -> {
            int stillRunning = inFlight.get();
            if (stillRunning > 0) {
                List<Object> cutOff = List.copyOf(running);
                cutOff.forEach(refusals::cutOff);
                log.warn(
                        "{} request(s) still running {} ms after the session began ending; {} answered as cut off by"
                                + " the shutdown, and stdout closes without their results",
                        stillRunning,
                        drainTimeout.toMillis(),
                        cutOff.size());
            }
            action.run();
        });
    }

    private void deliver(McpServerSession current, JSONRPCMessage message) {
        try {
            current.handle(message).subscribe(null, this::logHandlingFailure);
        } catch (RuntimeException e) {
            log.error("Handing an inbound message to the MCP session failed", e);
        }
    }

    /**
     * A request that held a place in the limit, and {@code bytes} of it, has been handled: the next one waiting starts
     * in its place.
     */
    private void finished(Object id, int bytes) {
        running.remove(id);
        limit.ended(bytes);
        handled();
    }

    /** A message counted in flight has been handled, or answered here. */
    private void handled() {
        if (inFlight.decrementAndGet() == 0 && closing.get()) {
            drained.complete(null);
        }
    }

    private void logHandlingFailure(Throwable error) {
        if (closing.get()) {
            log.debug("An inbound message failed while the session was ending: {}", error.toString());
        } else {
            log.warn("Handling an inbound message failed: {}", FailureText.of(error));
        }
    }
}
