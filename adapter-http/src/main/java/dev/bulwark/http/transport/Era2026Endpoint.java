package dev.bulwark.http.transport;

import dev.bulwark.http.edge.CallerContext;
import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.exchange.JsonBody;
import dev.bulwark.http.exchange.McpExchange;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.era2026.Era2026Request;
import dev.bulwark.ports.era2026.Era2026Requests;
import dev.bulwark.ports.era2026.NotificationStream;
import dev.bulwark.ports.json.JsonBytes;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a request of the 2026 protocol era that {@link Era2026Handler} claimed, through the core's
 * {@link Era2026Requests}: as one JSON message, or as an event stream when it sends notifications or listens.
 * Thread-safe.
 */
public final class Era2026Endpoint extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(Era2026Endpoint.class);

    /**
     * How long an answer may take before its client's connection is watched for a close. A faster answer keeps its
     * connection for the next request; a slower one closes it after the answer, since the watch reads it.
     */
    static final Duration WATCH_AFTER = Duration.ofSeconds(1);

    private final CallerContext caller;
    private final Era2026Entry era;
    private final Duration keepAlive;
    private final Duration watchAfter;

    /**
     * @param caller the caller of each request, as the session-era transport names it
     * @param era where the core's entry point is
     * @param keepAlive how often an open subscription stream gets a comment
     */
    public Era2026Endpoint(CallerContext caller, Era2026Entry era, Duration keepAlive) {
        this(caller, era, keepAlive, WATCH_AFTER);
    }

    /** As {@link #Era2026Endpoint(CallerContext, Era2026Entry, Duration)}, watching slow answers after {@code watchAfter}. */
    Era2026Endpoint(CallerContext caller, Era2026Entry era, Duration keepAlive, Duration watchAfter) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.era = Objects.requireNonNull(era, "era");
        if (keepAlive.isNegative() || keepAlive.isZero()) {
            throw new IllegalArgumentException("keepAlive must be positive, was " + keepAlive);
        }
        this.keepAlive = keepAlive;
        this.watchAfter = Objects.requireNonNull(watchAfter, "watchAfter");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        McpExchange exchange = McpExchange.of(callback);
        // A header given more than once is one value joined with commas (RFC 9110, 5.3), never its first line
        // alone: Mcp-Name: a / Mcp-Name: b then matches no body, rather than passing a check a gateway that reads
        // the last line would not make.
        Map<String, String> headers = new HashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.merge(field.getLowerCaseName(), field.getValue(), (first, next) -> first + ", " + next);
        }
        Era2026Reply reply = new Era2026Reply(exchange, keepAlive);
        CompletableFuture<Era2026Answer> answered = new CompletableFuture<>();
        // In the 2026 era: a client that closes its connection before the answer cancels the request. HTTP/2 tells a
        // server so at once; HTTP/1.1 only when it reads or writes: an answer slow to come has its connection read
        // (see Era2026Reply.watch), never written to, so the answer keeps its status, a 400 included, until it
        // comes. Both are set up before the request is served, since it is served on this thread.
        request.addFailureListener(failure -> answered.cancel(false));
        // a silent connection is not a failure while the answer is awaited: the call's own deadline bounds it
        request.addIdleTimeoutListener(timeout -> reply.given());
        reply.watchUntilAnswered(watchAfter, () -> answered.cancel(false));
        exchange.onCutOff(() -> reply.cutOff(
                JsonRpcErrors.body(idOf(exchange), JsonRpcErrors.SERVER_UNAVAILABLE, JsonRpcErrors.CUT_OFF)));
        answered.whenComplete((answer, failure) -> {
            if (failure instanceof CancellationException) {
                LOG.debug("A client left before its 2026-era answer: the request was cancelled");
                reply.fail();
            } else if (failure != null) {
                LOG.error("Serving a 2026-era request failed", failure);
                reply.unanswerable(idOf(exchange));
            } else {
                reply.answer(answer);
            }
        });
        // an answer written from another thread while this one still runs the handler (past its deadline) asks the
        // client to close the connection, whose next request Jetty reads only once this thread is back
        exchange.handlingOn(Thread.currentThread());
        // the request is served on this thread: until serve returns, its handler runs, even once a client that left
        // cancelled it, so the drain and the body budget count it until then, not only until its answer
        Runnable servedHere = exchange.callStarted();
        try {
            era.requests().serve(requestOf(exchange, headers), reply::notify, answered);
        } catch (RuntimeException | Error e) {
            answered.completeExceptionally(e); // an Error too: the heap may have run out, the client needs an answer
        } finally {
            exchange.handled();
            servedHere.run();
        }
        return true;
    }

    /** The exchange's request for the core, its body as the exchange read it. */
    private Era2026Request requestOf(McpExchange exchange, Map<String, String> headers) throws IOException {
        RequestOrigin origin = caller.originOf(exchange.request(), ProtocolEra.REQUESTS_2026_07_28);
        JsonBody body = exchange.json();
        if (body.json() || isBlank(exchange.body())) {
            // a body with no JSON value at all is, as JSON null is, one that is not a JSON object
            return Era2026Request.overHttp(body.object(), headers, origin);
        }
        return Era2026Request.notJsonOverHttp(headers, origin);
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** The id of the exchange's request, or {@code null} when its body has none (or is not one JSON object). */
    private static Object idOf(McpExchange exchange) {
        try {
            Map<String, Object> message = exchange.json().object();
            return message == null ? null : message.get("id");
        } catch (IOException unreadable) {
            return null;
        }
    }

    /**
     * The answer of one exchange: one JSON message, or, once the first notification came, a stream of events. It is
     * given once: the core's answer, or the shutdown's cut-off, whichever comes first.
     * Thread-safe: the notifications and the answer come from the core's threads, one lock orders them.
     */
    private static final class Era2026Reply {

        private final McpExchange exchange;
        private final Duration keepAlive;
        private SseConnection events;
        private NotificationStream stream;
        private boolean answered;
        /** The answer went out (or failed): what comes after it is dropped. */
        private boolean given;

        private Runnable clientLeft;
        private Scheduler.Task firstWatch;

        Era2026Reply(McpExchange exchange, Duration keepAlive) {
            this.exchange = exchange;
            this.keepAlive = keepAlive;
        }

        synchronized void notify(String json) {
            try {
                if (events == null) {
                    events = new SseConnection(exchange.response(), exchange);
                }
                events.write(frame(json), false);
            } catch (IOException clientGone) {
                LOG.debug("A client went away during its 2026-era request");
            }
        }

        /**
         * Once the answer has taken {@code after}, reads the client's connection until the answer comes (HTTP/1): a
         * client that closes it is noticed at once, and {@code left} runs. The response closes its connection then,
         * since the read is in the way of the next request. Nothing is written: the answer, when it comes, is still
         * free to be one JSON message with its own status. Over HTTP/2 the failure listener tells it.
         */
        synchronized void watchUntilAnswered(Duration after, Runnable left) {
            if (answered) {
                return;
            }
            clientLeft = left;
            // most answers come well within the wait: they cancel the watch, so none waits in the scheduler
            firstWatch = repeatEvery(after, this::watch);
        }

        /** Arms the watch of the client's connection: false once armed (or not needed), true to try again. */
        private synchronized boolean watch() {
            if (answered || events != null) {
                return false; // answered, or an event stream already (its writes tell)
            }
            HttpVersion version = exchange.request().getConnectionMetaData().getHttpVersion();
            if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
                return false;
            }
            Runnable left = clientLeft;
            if (!ClientCloseWatch.watch(exchange.request(), () -> {
                LOG.debug("A client left before its 2026-era answer");
                left.run(); // the cancelled answer comes back through fail()
            })) {
                return true; // Jetty reads the connection now: once it no longer does
            }
            exchange.response().getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            return false;
        }

        /** Whether the answer was given (or failed): from then on a silent connection is one that failed. */
        synchronized boolean given() {
            return given;
        }

        synchronized void answer(Era2026Answer answer) {
            answered();
            if (given) {
                LOG.debug("The answer to a 2026-era request cut off by the shutdown was dropped");
                answer.stream().ifPresent(NotificationStream::close);
                return;
            }
            given = true;
            if (answer.stream().isPresent()) {
                listen(answer.json(), answer.stream().get());
                return;
            }
            if (events != null && answer.body().isEmpty()) {
                events.end(); // no answer (its client cancelled the request): the stream ends without one
                return;
            }
            if (events != null) {
                try {
                    events.write(frame(answer.body()), true);
                } catch (IOException clientGone) {
                    LOG.debug("A client went away before its 2026-era answer");
                }
                return;
            }
            if (answer.body().isEmpty()) {
                JsonResponses.empty(exchange.response(), exchange, answer.httpStatus());
            } else { // the answer's chunks as they are: a large answer is not copied again
                JsonResponses.send(exchange.response(), exchange, answer.httpStatus(), answer.body());
            }
        }

        /**
         * Answers a request whose answer could not be produced with a JSON-RPC internal error naming its id, counted:
         * as the last event when the answer is already an event stream, else as a 500 JSON body.
         */
        synchronized void unanswerable(Object id) {
            answered();
            if (given) {
                return;
            }
            given = true;
            exchange.refuse(JsonRpcErrors.UNANSWERABLE_ERROR_TYPE);
            String error = JsonRpcErrors.body(id, JsonRpcErrors.INTERNAL_ERROR, JsonRpcErrors.UNANSWERABLE);
            if (events != null) {
                try {
                    events.write(frame(error), true);
                } catch (IOException clientGone) {
                    LOG.debug("A client went away before its 2026-era request was answered with an error");
                }
                return;
            }
            JsonResponses.error(
                    exchange.response(), exchange, 500, id, JsonRpcErrors.INTERNAL_ERROR, JsonRpcErrors.UNANSWERABLE);
        }

        synchronized void fail() {
            answered();
            if (given) {
                return;
            }
            given = true;
            if (events != null) {
                events.fail(new IOException("The 2026-era request failed"));
            } else {
                JsonResponses.error(exchange.response(), exchange, 500);
            }
        }

        /**
         * Answers {@code error}, the call cut off by the shutdown: as the last event of the stream when the answer
         * already is one, else as the JSON body. Nothing when the answer was given.
         */
        synchronized void cutOff(String error) {
            if (given) {
                return;
            }
            answered();
            given = true;
            if (events != null) {
                try {
                    events.write(frame(error), true);
                } catch (IOException clientGone) {
                    LOG.debug("A client went away before its 2026-era request was answered as cut off");
                }
                return;
            }
            JsonResponses.send(exchange.response(), exchange, 200, error.getBytes(StandardCharsets.UTF_8));
        }

        /** Opens the subscription's stream: the acknowledgement now, then each notification, until either side ends. */
        private void listen(String acknowledgement, NotificationStream subscription) {
            events = new SseConnection(exchange.response(), exchange);
            stream = subscription;
            // the watch below reads the connection until the stream ends: no next request is read on it
            exchange.response().getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            try {
                events.write(frame(acknowledgement), false);
            } catch (IOException clientGone) {
                subscription.close();
                return;
            }
            exchange.request().addFailureListener(failure -> end(null));
            // the caller's place comes back as soon as the client closes its connection, not at a later keep-alive
            ClientCloseWatch.watch(exchange.request(), () -> end(null));
            subscription.open(this::deliver, this::ended);
            // a comment every keepAlive while the stream is open: a client that left fails the write
            repeatEvery(keepAlive, this::keepAlive);
        }

        /** The answer came (or failed): no watch is needed any more. */
        private void answered() {
            answered = true;
            if (firstWatch != null) {
                firstWatch.cancel();
            }
        }

        /** Runs {@code step} every {@code interval} on the server's scheduler, until it returns false. */
        private Scheduler.Task repeatEvery(Duration interval, BooleanSupplier step) {
            return exchange.request()
                    .getComponents()
                    .getScheduler()
                    .schedule(
                            () -> {
                                if (step.getAsBoolean()) {
                                    repeatEvery(interval, step);
                                }
                            },
                            interval.toMillis(),
                            TimeUnit.MILLISECONDS);
        }

        private synchronized boolean keepAlive() {
            if (events == null || events.finished()) {
                return false;
            }
            try {
                events.write(": keepalive\n\n", false);
                return true;
            } catch (IOException clientGone) {
                end(clientGone);
                return false;
            }
        }

        private synchronized void deliver(String json) {
            if (events == null || events.finished()) {
                return;
            }
            try {
                events.write(frame(json), false);
            } catch (IOException clientGone) {
                end(clientGone);
            }
        }

        /** The server ended the subscription after its result: the response ends. */
        private synchronized void ended() {
            if (events != null) {
                events.end();
            }
        }

        private synchronized void end(Throwable failure) {
            if (stream != null) {
                stream.close();
            }
            if (events != null && !events.ended()) {
                events.fail(failure != null ? failure : new IOException("The client left the subscription"));
            }
        }

        private static String frame(String json) {
            return "data: " + json + "\n\n";
        }

        private static JsonBytes frame(JsonBytes json) {
            JsonBytes.Builder frame = JsonBytes.builder().ascii("data: ");
            return frame.append(json).ascii("\n\n").build();
        }
    }
}
