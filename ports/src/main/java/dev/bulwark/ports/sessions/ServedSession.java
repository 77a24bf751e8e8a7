package dev.bulwark.ports.sessions;

import dev.bulwark.ports.origin.RequestOrigin;
import java.util.concurrent.CompletableFuture;

/**
 * One session of a session transport, as the core's {@link SessionRequests} use it: to serve a tool call itself, to
 * run a call in the session (a task's), and to notify its client (of a task's status). The transport implements it.
 * Thread-safe.
 */
public interface ServedSession {

    /**
     * Runs {@code call}, the SDK's {@code JSONRPCRequest} of a {@code tools/call}, in the session as if its client
     * had sent it, as {@code origin} says (its transport context is {@code origin}'s); completes with the SDK's
     * {@code JSONRPCResponse}, which is not written to the client. What else the call sends (progress, requests to
     * the client) goes where the session sends what belongs to no request.
     */
    CompletableFuture<Object> run(Object call, RequestOrigin origin);

    /**
     * The MCP SDK's {@code McpAsyncServerExchange} for the request this was handed to the core with, which the core
     * serves itself; its transport context is {@code origin}'s. What the request sends its client (progress, log
     * messages, sampling, elicitation) goes where its answer goes, and a request the client sends back reaches it.
     * The transport ends what it made for the exchange once that request is answered.
     */
    Object exchange(RequestOrigin origin);

    /** Sends the session's client the notification {@code method} with {@code params}; a failure is ignored. */
    void notify(String method, Object params);

    /**
     * Runs {@code action} once when the session ends (its client deletes it, it expires, the server stops), or at
     * once when it has ended. A transport whose one session ends only with the process (stdio) may never run it.
     */
    default void whenEnded(Runnable action) {}
}
