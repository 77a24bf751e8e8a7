package dev.bulwark.ports.calls;

import java.util.function.Supplier;

/**
 * Which client request a server-to-client request is sent for, bound to the sending thread. Thread-safe.
 */
public final class CurrentCall {

    private static final ThreadLocal<Object> ID = new ThreadLocal<>();

    private CurrentCall() {}

    /**
     * Runs {@code send} with {@code callId} bound to this thread, then restores what was bound before.
     *
     * @param callId the JSON-RPC id of the client's request being served (a string or a number); {@code null}
     *     binds none
     */
    public static <T> T during(Object callId, Supplier<T> send) {
        Object previous = ID.get();
        ID.set(callId);
        try {
            return send.get();
        } finally {
            if (previous == null) {
                ID.remove();
            } else {
                ID.set(previous);
            }
        }
    }

    /** The JSON-RPC id of the client's request this thread sends for now, or {@code null} when none is bound. */
    public static Object id() {
        return ID.get();
    }
}
