package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.internal.presentation.pipeline.CallCancellation;
import dev.bulwark.ports.calls.CancelledRequests;
import dev.bulwark.ports.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool calls a client may still cancel, each under where it came from and its JSON-RPC id: in a session (stdio,
 * stateful HTTP), the session's id; over stateless HTTP, which has no sessions, the caller's subject. A cancellation
 * ({@code notifications/cancelled}) finds its call only there, so no client can cancel another session's or another
 * caller's calls. Over stateless HTTP two clients sharing one caller's credentials share that scope: one of them
 * could cancel the other's call that has the same id.
 *
 * <p>A call's JSON-RPC id reaches its handler through {@link RpcIdInMeta}, since the SDK does not hand request ids
 * to handlers. Thread-safe.
 */
final class InFlightCalls implements CancelledRequests {

    private static final Logger LOG = LoggerFactory.getLogger(InFlightCalls.class);

    /** How many cancellations that came before their call are kept, at most. */
    static final int MAX_EARLY = 1024;

    private final Map<Key, CallCancellation> calls = new ConcurrentHashMap<>();
    /** Cancellations, in sessions, that named no call running yet, oldest first; guarded by itself. */
    private final Map<Key, Boolean> early = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
            return size() > MAX_EARLY;
        }
    };

    /** Where a call came from and its id: the key a cancellation finds it under. */
    private record Key(String scope, String id) {}

    /**
     * Registers a call that may be cancelled from now on, and returns what forgets it when it ends. A call whose id
     * is already in flight in the same scope (a client reusing an id) is not registered: a cancellation of that id
     * reaches the first call only.
     *
     * @param sessionId the session the call came in, or {@code null} over stateless HTTP
     * @param caller the caller, which scopes calls without a session
     * @param rpcId the call's JSON-RPC id
     */
    Runnable track(String sessionId, Principal caller, Object rpcId, CallCancellation cancellation) {
        Key key = new Key(scope(sessionId, caller), idText(rpcId));
        if (calls.putIfAbsent(key, cancellation) != null) {
            return () -> {};
        }
        if (sessionId != null && takeEarly(key)) { // published first, then checked: see cancelled(...)
            cancellation.cancel();
        }
        return () -> calls.remove(key, cancellation);
    }

    @Override
    public void cancelled(String sessionId, Object requestId) {
        if (sessionId == null) {
            return;
        }
        Key key = new Key(scope(sessionId, null), idText(requestId));
        synchronized (early) {
            early.put(key, Boolean.TRUE); // kept first, then the call looked up: see track(...)
        }
        if (calls.containsKey(key)) {
            takeEarly(key);
            cancel(key);
        }
    }

    /** A cancellation over stateless HTTP, by {@code caller}. */
    void cancelledBy(Principal caller, Object requestId) {
        cancel(new Key(scope(null, caller), idText(requestId)));
    }

    private boolean takeEarly(Key key) {
        synchronized (early) {
            return early.remove(key) != null;
        }
    }

    /** How many calls may be cancelled now. */
    int size() {
        return calls.size();
    }

    private void cancel(Key key) {
        CallCancellation call = calls.get(key);
        if (call == null) {
            LOG.debug("A cancellation named no call in flight (it ended, or never was)");
            return;
        }
        if (call.cancel()) {
            LOG.debug("The client cancelled a tool call in flight");
        }
    }

    private static String scope(String sessionId, Principal caller) {
        return sessionId != null ? "session " + sessionId : "caller " + caller.subject();
    }

    /** A JSON-RPC id as text, telling the string "1" from the number 1, and the number 1 read as int or long alike. */
    private static String idText(Object id) {
        if (id instanceof Number number) {
            return number instanceof Double || number instanceof Float ? "n" + number : "n" + number.longValue();
        }
        return "s" + id;
    }
}
