package dev.bulwark.ports.sessions;

import dev.bulwark.ports.origin.RequestOrigin;
import java.util.concurrent.CompletableFuture;

/**
 * One session of a session transport, as the core's {@link SessionRequests} use it: to run a call in it (a task's)
 * and to notify its client (of a task's status). The transport implements it. Thread-safe.
 */
public interface ServedSession {

    /**
     * Runs {@code call}, the SDK's {@code JSONRPCRequest} of a {@code tools/call}, in the session as if its client
     * had sent it, as {@code origin} says (its transport context is {@code origin}'s); completes with the SDK's
     * {@code JSONRPCResponse}, which is not written to the client. What else the call sends (progress, requests to
     * the client) goes where the session sends what belongs to no request.
     */
    CompletableFuture<Object> run(Object call, RequestOrigin origin);

    /** Sends the session's client the notification {@code method} with {@code params}; a failure is ignored. */
    void notify(String method, Object params);
}
