package dev.bulwark.stdio;

import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.era2026.Era2026Request;
import dev.bulwark.ports.era2026.Era2026Requests;
import dev.bulwark.ports.era2026.NotificationStream;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the 2026-era requests read over stdio: they go to the core's {@link Era2026Requests} without
 * {@code initialize}, each on one of the transport's request threads, and their answers and the notifications of a
 * {@code subscriptions/listen} stream share the one output. Thread-safe.
 */
final class Era2026Dispatch {

    private static final Logger log = LoggerFactory.getLogger(StdioTransportProvider.class);

    private final Era2026Requests requests;
    private final RequestWorkers requestThreads;
    private final RequestOrigin origin;
    private final OutputPump output;
    /** The open subscriptions, by the id of the request that opened them; its lock orders acknowledgements and ends. */
    private final Map<Object, NotificationStream> streams = new ConcurrentHashMap<>();
    /** Set once the session is ending, under the lock of {@link #streams}. */
    private boolean ending;
    /** The requests not answered yet, by id. */
    private final Map<Object, CompletableFuture<Era2026Answer>> inFlight = new ConcurrentHashMap<>();

    /**
     * @param requests the core's entry point
     * @param caller the caller of every request
     * @param requestThreads the transport's request threads, which serve each request and stand in for one a handler
     *     holds past its deadline
     * @param output where answers and notifications go
     */
    Era2026Dispatch(Era2026Requests requests, Principal caller, RequestWorkers requestThreads, OutputPump output) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.requestThreads = Objects.requireNonNull(requestThreads, "requestThreads");
        this.origin = RequestOrigin.builder(ProtocolEra.REQUESTS_2026_07_28)
                .caller(Objects.requireNonNull(caller, "caller"))
                .requestThreads(requestThreads::standIn)
                .build();
        this.output = output;
    }

    /**
     * Whether {@code request} belongs to the 2026 era. Its params may have been read into the SDK's type for
     * its method already; their {@code _meta} is what tells.
     */
    boolean claims(JSONRPCRequest request) {
        Object params = request.params();
        if (params instanceof McpSchema.Meta typed) {
            params = typed.meta() == null ? null : Map.of("_meta", typed.meta());
        }
        return requests.claims(request.method(), params, null);
    }

    /**
     * Serves the request {@code id} read as {@code message} on one of the request threads, since the reader must not
     * wait for it: its notifications (progress) and then its answer go to the output; runs {@code done} once the
     * answer is queued. The client may cancel it from the moment it is read.
     */
    void serve(Object id, Map<String, Object> message, Runnable done) {
        CompletableFuture<Era2026Answer> answered = new CompletableFuture<>();
        Object key = key(id);
        inFlight.put(key, answered);
        answered.whenComplete((answer, failure) -> {
            inFlight.remove(key, answered);
            try {
                if (failure instanceof CancellationException) {
                    log.debug("A 2026-era request was cancelled by its client: it gets no answer");
                } else if (failure != null) {
                    log.error("Serving a 2026-era request failed", failure);
                    output.enqueue(JsonRpcLines.error(
                            id,
                            McpSchema.ErrorCodes.INTERNAL_ERROR,
                            "Internal error: the request could not be served"));
                } else {
                    deliver(id, answer);
                }
            } finally {
                done.run();
            }
        });
        try {
            requestThreads.execute(() -> serveHere(message, answered));
        } catch (RejectedExecutionException e) {
            log.debug("Refused a request read while the session was ending");
            answered.complete(Era2026Answer.error(
                    503,
                    StdioRefusals.SERVER_UNAVAILABLE,
                    JsonRpcLines.error(
                            id,
                            StdioRefusals.SERVER_UNAVAILABLE,
                            "Service unavailable: the server is shutting down; the request was not run")));
        }
    }

    /** Serves a request on this thread, one of the transport's request threads. */
    private void serveHere(Map<String, Object> message, CompletableFuture<Era2026Answer> answered) {
        try {
            // what a request sends before its answer is progress and log messages: dropped if the client falls behind
            requests.serve(
                    Era2026Request.overStdio(
                            message,
                            origin.toBuilder().servedOnCallingThread(true).build()),
                    output::enqueueNotification,
                    answered);
        } catch (RuntimeException e) {
            answered.completeExceptionally(e);
        }
    }

    /**
     * The client cancelled its request {@code requestId}: ends the subscription it opened, or cancels it if it is in
     * flight (the core then cancels its call, and it gets no answer); false if it is neither.
     */
    boolean cancelled(Object requestId) {
        if (requestId == null) {
            return false;
        }
        NotificationStream stream = streams.remove(key(requestId));
        if (stream != null) {
            stream.close();
            return true;
        }
        CompletableFuture<Era2026Answer> answer = inFlight.get(key(requestId));
        return answer != null && answer.cancel(false);
    }

    /**
     * Ends every open subscription with its result, while stdout is still open: the session is ending. A
     * subscription acknowledged from now on is ended at once, after its acknowledgement.
     */
    void closeAll() {
        List<NotificationStream> open;
        synchronized (streams) {
            ending = true;
            open = List.copyOf(streams.values());
            streams.clear();
        }
        open.forEach(NotificationStream::end);
    }

    private void deliver(Object id, Era2026Answer answer) {
        // Under the lock closeAll takes, so a subscription acknowledged while the session ends is either ended by
        // closeAll or ended here, and its result always follows its acknowledgement.
        synchronized (streams) {
            Object key = key(id);
            NotificationStream stream = answer.stream().orElse(null);
            if (stream != null) {
                // named before its acknowledgement goes out: a client may cancel it the moment it reads that
                name(key, stream);
            }
            if (!answer.body().isEmpty()) {
                output.enqueue(answer.body()); // written as it is: a large answer is not decoded into a String
            }
            if (stream != null) {
                stream.open(output::enqueue, () -> streams.remove(key, stream)); // a no-op once cancelled
                if (ending) {
                    stream.end();
                }
            }
        }
    }

    private void name(Object key, NotificationStream stream) {
        NotificationStream previous = ending ? null : streams.put(key, stream);
        if (previous != null) {
            previous.close(); // the client reused the id of an open subscription: the newer one is the one named
        }
    }

    /** One key for an id read as an integer or a long. */
    private static Object key(Object id) {
        return id instanceof Number number ? (Object) number.longValue() : id;
    }
}
