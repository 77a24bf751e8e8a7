package dev.bulwark.stdio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The server's own requests to the client not answered yet, each with the call it was sent for.
 */
final class PendingClientRequests {

    /** The call of a request sent for none the transport can tell. */
    private static final String NO_CALL = "";

    /** Each pending request's id, with the {@link #callKey} of the call it was sent for. */
    private final Map<Object, String> calls = new ConcurrentHashMap<>();
    /** Set once the client's input has ended or failed: the client can answer nothing more. */
    private volatile boolean inputEnded;

    /**
     * Records a request about to be sent.
     *
     * @param callId the JSON-RPC id of the client's call it is sent for, or {@code null} when unknown
     * @return whether it was recorded; {@code false} if the client's input has already ended, so it cannot answer
     */
    boolean add(Object id, Object callId) {
        calls.put(id, callId == null ? NO_CALL : callKey(callId));
        return !(inputEnded && calls.remove(id) != null);
    }

    /** Forgets a request: the client answered it, or it could not be sent. */
    void remove(Object id) {
        calls.remove(id);
    }

    /**
     * Forgets, and returns, the requests still pending that were sent for the client's call {@code callId}: that
     * call was cancelled or ended. Each request is returned once, whoever asks; none for a {@code null} id.
     */
    List<Object> takeSentFor(Object callId) {
        if (callId == null || calls.isEmpty()) {
            return List.of();
        }
        String key = callKey(callId);
        List<Object> taken = new ArrayList<>(1);
        calls.forEach((id, call) -> {
            if (call.equals(key) && calls.remove(id, call)) {
                taken.add(id);
            }
        });
        return taken;
    }

    /**
     * Records that the client's input has ended: from now on {@link #add} refuses, and each request still pending
     * is removed and handed to {@code unanswerable} once, to be failed in the client's place.
     */
    void inputEnded(Consumer<Object> unanswerable) {
        inputEnded = true; // first: a request added from now on is refused, one added before is in the map
        for (Object id : calls.keySet()) {
            if (calls.remove(id) != null) {
                unanswerable.accept(id);
            }
        }
    }

    /**
     * A JSON-RPC id as a key: the string "1" apart from the number 1, and the number 1 alike however it was read.
     */
    private static String callKey(Object callId) {
        Objects.requireNonNull(callId, "callId");
        if (callId instanceof Number number) {
            return number instanceof Double || number instanceof Float ? "n" + number : "n" + number.longValue();
        }
        return "s" + callId;
    }
}
