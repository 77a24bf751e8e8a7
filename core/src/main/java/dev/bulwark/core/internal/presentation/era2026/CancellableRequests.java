package dev.bulwark.core.internal.presentation.era2026;

import dev.bulwark.ports.era2026.Era2026Answer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 2026-era requests the SDK's server is serving, each under its caller's subject and its JSON-RPC id, so that
 * a client's {@code notifications/cancelled} naming one of its own requests cancels it: the request gets no answer
 * (over HTTP, status 204 and no body) and its call is cancelled as when its client leaves. The era has no sessions,
 * so the caller scopes the ids: another caller's cancellation never finds the request, but two clients sharing one
 * caller's credentials share that scope. Thread-safe.
 */
final class CancellableRequests {

    private static final Logger LOG = LoggerFactory.getLogger(CancellableRequests.class);

    /** The answer a cancelled request gets: none (over HTTP, 204 and an empty body; over stdio, no line). */
    static final Era2026Answer NO_ANSWER = Era2026Answer.of(204, "");

    private final Map<Key, Request> requests = new ConcurrentHashMap<>();

    /** A request in flight: its answer, and what cancels its call. */
    private record Request(CompletableFuture<Era2026Answer> answer, CompletableFuture<Void> cancelled) {}

    private record Key(String caller, String id) {}

    /**
     * Keeps the request {@code id} of {@code caller} until its answer completes. A request whose id the same caller
     * has in flight already is not kept: a cancellation of that id reaches the first one only.
     *
     * @param answer the request's answer, completed with {@link #NO_ANSWER} when it is cancelled
     * @param cancelled completed when it is cancelled, which cancels its call
     */
    void track(String caller, Object id, CompletableFuture<Era2026Answer> answer, CompletableFuture<Void> cancelled) {
        Key key = new Key(caller, idText(id));
        Request request = new Request(answer, cancelled);
        if (requests.putIfAbsent(key, request) == null) {
            answer.whenComplete((answered, failure) -> requests.remove(key, request));
        }
    }

    /** {@code caller} cancelled its request {@code id}: it gets no answer and its call is cancelled, if in flight. */
    void cancel(String caller, Object id) {
        if (!(id instanceof String || id instanceof Number)) {
            LOG.debug("Dropped a notifications/cancelled without a string or integer requestId");
            return;
        }
        Request request = requests.get(new Key(caller, idText(id)));
        if (request == null) {
            LOG.debug("A cancellation named no request in flight of its caller (it ended, or never was)");
            return;
        }
        if (request.answer().complete(NO_ANSWER)) {
            LOG.debug("The client cancelled a request in flight: it gets no answer");
            request.cancelled().complete(null);
        }
    }

    /** How many requests may be cancelled now. */
    int size() {
        return requests.size();
    }

    /** A JSON-RPC id as text, telling the string "1" from the number 1, and the number 1 read as int or long alike. */
    private static String idText(Object id) {
        if (id instanceof Number number) {
            return number instanceof Double || number instanceof Float ? "n" + number : "n" + number.longValue();
        }
        return "s" + id;
    }
}
