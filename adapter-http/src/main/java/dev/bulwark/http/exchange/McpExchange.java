package dev.bulwark.http.exchange;

import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.edge.MinimumReadRateHandler;
import dev.bulwark.http.edge.NotUtf8BodyException;
import dev.bulwark.http.edge.RefusedBody;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.time.Ticker;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP exchange on the MCP endpoint, from arrival until its response is complete. Thread-safe.
 */
public final class McpExchange implements Callback {

    private static final Logger LOG = LoggerFactory.getLogger(McpExchange.class);
    private static final String PRINCIPAL = Principal.class.getName();

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final HttpMetrics metrics;
    private final Ticker ticker;
    private final long startNanos;
    private final long maxBodyBytes;
    private final McpJsonMapper jsonMapper;
    /** The first two end actions (an exchange usually has two: the drain gate's, the session's), then the rest. */
    private Runnable firstEndAction;

    private Runnable secondEndAction;
    private List<Runnable> moreEndActions;
    private boolean ended;
    /** The calls it started and what waits for them ({@link #onWorkEnd}); {@code null} until something waits. */
    private ExchangeWork work;

    private volatile String refusal;
    /** The thread inside the transport's {@code handle} for this exchange, until that returns. */
    private volatile Thread handling;

    private byte[] body;
    private boolean bodyIsUtf8;
    private JsonBody json;
    private SessionEvents sessionEvents;
    /** How the transport answers the call in flight as cut off ({@link #onCutOff}); {@code null} when nothing to. */
    private Runnable cutOffAnswer;

    /**
     * @param metrics where the exchange is recorded when it ends; {@code null} records nothing
     * @param maxBodyBytes the largest body read
     * @param jsonMapper reads the body as JSON ({@link #json}), the mapper's reading of one value, without checks
     */
    public McpExchange(
            Request request,
            Response response,
            Callback callback,
            HttpMetrics metrics,
            Ticker ticker,
            long maxBodyBytes,
            McpJsonMapper jsonMapper) {
        this.request = Objects.requireNonNull(request, "request");
        this.response = Objects.requireNonNull(response, "response");
        this.callback = Objects.requireNonNull(callback, "callback");
        this.metrics = metrics;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.startNanos = ticker.nanoTime();
        this.maxBodyBytes = maxBodyBytes;
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
    }

    /**
     * The exchange a handler below the {@link ExchangeHandler} was handed as its callback.
     *
     * @throws IllegalStateException when {@code callback} is not one
     */
    public static McpExchange of(Callback callback) {
        if (callback instanceof McpExchange exchange) {
            return exchange;
        }
        throw new IllegalStateException("No exchange: the MCP edge handlers run below an ExchangeHandler");
    }

    public Request request() {
        return request;
    }

    public Response response() {
        return response;
    }

    public String method() {
        return request.getMethod();
    }

    /** The first value of request header {@code name}, or {@code null}. */
    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** Runs {@code action} when the exchange ends; at once if it has already ended. */
    public void onEnd(Runnable action) {
        Objects.requireNonNull(action, "action");
        synchronized (this) {
            if (!ended) {
                if (firstEndAction == null) {
                    firstEndAction = action;
                } else if (secondEndAction == null) {
                    secondEndAction = action;
                } else {
                    if (moreEndActions == null) {
                        moreEndActions = new ArrayList<>(2);
                    }
                    moreEndActions.add(action);
                }
                return;
            }
        }
        action.run();
    }

    /**
     * Runs {@code action} once the exchange ended and the call it started ({@link #callStarted}) ended too: the
     * drain counts a call that goes on after its client's connection dropped, whose answer is kept for a resumption
     * and whose work must not be cut by the shutdown. At once if all that has happened already.
     */
    public void onWorkEnd(Runnable action) {
        ExchangeWork waiting;
        synchronized (this) {
            if (work == null) {
                work = new ExchangeWork(ended);
            }
            waiting = work;
        }
        waiting.onEnd(action);
    }

    /**
     * The transport started the call of this exchange (one at most), which may outlive it; the returned action says it
     * ended (running it again does nothing). Nothing is counted when nothing waits for the exchange's work
     * ({@link #onWorkEnd}).
     */
    public Runnable callStarted() {
        ExchangeWork waiting;
        synchronized (this) {
            waiting = work;
        }
        return waiting == null ? ExchangeWork.NOTHING : waiting.callStarted();
    }

    /**
     * Says how the transport answers this exchange's call in flight if the shutdown cuts it off ({@link #cutOff}): the
     * transport gives one answer per request, this one or the call's own, whichever comes first.
     */
    public void onCutOff(Runnable answer) {
        Objects.requireNonNull(answer, "answer");
        synchronized (this) {
            cutOffAnswer = answer;
        }
    }

    /**
     * Answers the call in flight as cut off by the shutdown, as the transport said ({@link #onCutOff}), once.
     *
     * @return whether there was such an answer to give: the exchange had not ended and the transport gave one
     */
    public boolean cutOff() {
        Runnable answer;
        synchronized (this) {
            if (ended) {
                return false;
            }
            answer = cutOffAnswer;
            cutOffAnswer = null;
        }
        if (answer == null) {
            return false;
        }
        answer.run();
        return true;
    }

    /** Marks that the edge refused this exchange, and why (an error type for metrics, such as {@code draining}). */
    public void refuse(String errorType) {
        this.refusal = Objects.requireNonNull(errorType, "errorType");
    }

    /** Why the edge refused it, or {@code null}. */
    public String refusal() {
        return refusal;
    }

    /**
     * Refuses the exchange: marks {@code errorType} and answers {@code status} with a JSON-RPC error, closing the
     * connection after it.
     */
    public void refuse(int status, String errorType, int code, String message) {
        refuse(errorType);
        JsonRpcErrors.send(response, this, status, null, code, message);
    }

    /** What starts or ends a session on this exchange tells, before its answer is written. */
    public interface SessionEvents {
        /** The transport started session {@code id}; the answer that names it is about to be written. */
        void started(String id);

        /** The transport ended session {@code id}; the answer is about to be written. */
        void ended(String id);
    }

    /** Listens to the sessions this exchange starts or ends (the session registry; one listener). */
    public void onSessionEvents(SessionEvents events) {
        this.sessionEvents = Objects.requireNonNull(events, "events");
    }

    /** Says the transport started session {@code id}, before the answer naming it is written. */
    public void sessionStarted(String id) {
        if (sessionEvents != null) {
            sessionEvents.started(id);
        }
    }

    /** Says the transport ended session {@code id}, before its answer is written. */
    public void sessionEnded(String id) {
        if (sessionEvents != null) {
            sessionEvents.ended(id);
        }
    }

    /** The authenticated caller, or {@code null} (authentication off, or not yet authenticated). */
    public Principal principal() {
        return principalOf(request);
    }

    /** Says who the caller is: the authentication handler's verdict, for the session owner and the MCP context. */
    public void authenticated(Principal principal) {
        request.setAttribute(PRINCIPAL, Objects.requireNonNull(principal, "principal"));
    }

    /** The principal authenticated for {@code request}, or {@code null}. */
    public static Principal principalOf(Request request) {
        return request.getAttribute(PRINCIPAL) instanceof Principal principal ? principal : null;
    }

    /**
     * The whole request body, read once (blocking until it is in) and kept: later calls return the same bytes.
     *
     * @throws RequestBody.TooLargeException over the body cap
     * @throws IOException when the client failed, stopped or was too slow
     */
    public byte[] rawBody() throws IOException {
        if (body == null) {
            body = RequestBody.read(request, maxBodyBytes);
        }
        return body;
    }

    /**
     * The whole request body as {@link #rawBody}, running {@code whenSlow} once, on Jetty's scheduler, when the body
     * is still arriving {@code slowAfter} after the read first had to wait for bytes, whether bytes still come or
     * have stopped. A body read before is not read again, and {@code whenSlow} is not run.
     */
    public byte[] rawBody(Duration slowAfter, Runnable whenSlow) throws IOException {
        if (body == null) {
            body = RequestBody.read(request, maxBodyBytes, slowAfter.toNanos(), whenSlow);
        }
        return body;
    }

    /**
     * The whole request body as {@link #rawBody}, checked to be UTF-8 (MCP messages are UTF-8 JSON).
     *
     * @throws NotUtf8BodyException when it is not
     */
    public byte[] body() throws IOException {
        byte[] bytes = rawBody();
        if (!bodyIsUtf8) {
            int invalid = Utf8.firstInvalid(bytes);
            if (invalid >= 0) {
                throw new NotUtf8BodyException(invalid);
            }
            bodyIsUtf8 = true;
        }
        return bytes;
    }

    /**
     * The body ({@link #rawBody}) read as one JSON value, once: every edge check, the routing of the eras and the
     * transport read this one, and so does the core for a request of the 2026 era.
     *
     * @throws IOException as {@link #rawBody} does
     */
    public JsonBody json() throws IOException {
        if (json == null) {
            json = JsonBody.read(jsonMapper, rawBody());
        }
        return json;
    }

    /**
     * Answers a body {@link #body} could not give: 413 over the cap, 400 {@code -32700} when it is not UTF-8, 408
     * when it came too slowly; a client that went away gets nothing, and the exchange fails.
     */
    public void answerUnreadableBody(IOException failure) {
        if (failure instanceof RequestBody.TooLargeException) {
            refuseTooLarge();
        } else if (failure instanceof NotUtf8BodyException notUtf8) {
            refuse(400, "parse_error", JsonRpcErrors.PARSE_ERROR, notUtf8.getMessage());
        } else if (MinimumReadRateHandler.wasTooSlow(request)) {
            refuse(408, "request_timeout", JsonRpcErrors.INVALID_REQUEST, JsonRpcErrors.messageFor(408));
        } else {
            LOG.debug(
                    "Connection lost reading a {} body: {}",
                    method(),
                    failure.getClass().getSimpleName());
            refuse("connection_lost");
            failed(failure);
        }
    }

    /** Answers 413 naming the limit; what is left of the body is read and thrown away first ({@link RefusedBody}). */
    public void refuseTooLarge() {
        RefusedBody.discardRest(request);
        refuse(
                413,
                "payload_too_large",
                JsonRpcErrors.INVALID_REQUEST,
                "Request body too large: the limit is " + maxBodyBytes + " bytes (limits.max-request-size)");
    }

    @Override
    public void succeeded() {
        end();
        callback.succeeded();
    }

    @Override
    public void failed(Throwable failure) {
        end();
        callback.failed(failure);
    }

    @Override
    public InvocationType getInvocationType() {
        return callback.getInvocationType();
    }

    /**
     * Writes the last bytes of {@code response} and completes {@code callback} when they are written. When the
     * callback is an exchange, the exchange ends just before the write: its end actions run before the client can
     * see the end of the answer (a session's activity, the drain's count, the metrics are up to date by then).
     */
    public static void writeLast(Response response, ByteBuffer content, Callback callback) {
        lastWriteComing(callback);
        response.write(true, content, callback);
    }

    /**
     * The answer's last write is about to start, or is queued behind the ones still being written: when
     * {@code callback} is an exchange, it ends now (see {@link #writeLast}). Nothing for another callback.
     */
    public static void lastWriteComing(Callback callback) {
        if (callback instanceof McpExchange exchange) {
            exchange.closeConnectionIfHandlerBusy();
            exchange.end();
        }
    }

    /**
     * The transport's {@code handle} runs on {@code thread} for this exchange, until {@link #handled()}: what it
     * runs inline (an isolated tool's handler) may still be busy when another thread answers.
     */
    public void handlingOn(Thread thread) {
        handling = thread;
    }

    /** The transport's {@code handle} returned. */
    public void handled() {
        handling = null;
    }

    /**
     * Asks the client to close the connection after this answer when the answer comes from another thread while the
     * request thread is still busy (a handler that outlived its deadline or its cancellation, and ignores its
     * interrupt). Jetty reads the connection's next request only once {@code handle} returns, so a client that
     * reused it would wait for that handler. An answer whose headers went out already (after progress events) keeps
     * the connection.
     */
    private void closeConnectionIfHandlerBusy() {
        Thread busy = handling;
        if (busy != null && busy != Thread.currentThread() && !response.isCommitted()) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
    }

    /** Ends the exchange once: records it, then runs every end action in the order they were attached. */
    private void end() {
        Runnable first;
        Runnable second;
        List<Runnable> more;
        ExchangeWork waiting;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            first = firstEndAction;
            second = secondEndAction;
            more = moreEndActions;
            firstEndAction = null;
            secondEndAction = null;
            moreEndActions = null;
            cutOffAnswer = null;
            waiting = work;
        }
        if (metrics != null) {
            metrics.exchangeEnded(request.getMethod(), response.getStatus(), ticker.nanoTime() - startNanos, refusal);
        }
        if (first != null) {
            first.run();
        }
        if (second != null) {
            second.run();
        }
        if (more != null) {
            for (Runnable action : more) {
                action.run();
            }
        }
        if (waiting != null) {
            waiting.exchangeEnded();
        }
    }
}
