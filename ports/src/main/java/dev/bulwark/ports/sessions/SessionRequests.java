package dev.bulwark.ports.sessions;

import dev.bulwark.ports.origin.RequestOrigin;
import java.util.concurrent.CompletableFuture;

/**
 * Serves the session requests the core answers before the MCP SDK's session: {@code tools/list}, tool calls, task
 * requests. A session transport hands each request {@link #claims claimed} after {@code initialize} to
 * {@link #serve}. Messages are the SDK's JSON-RPC records, typed {@code Object} here. Thread-safe.
 */
public interface SessionRequests {

    /**
     * Whether the core serves the request itself. Cheap: reads only what is given.
     *
     * @param method the JSON-RPC method
     * @param params the request's params as the transport read them
     */
    boolean claims(String method, Object params);

    /**
     * Serves one request {@link #claims claimed}, and completes {@code answer} with the JSON-RPC answer to write, on
     * any thread, never exceptionally for anything the client sent. A tool call's handler may run on the calling
     * thread before this returns, and go on holding it after its deadline has answered the call: so the transport
     * hooks its writing onto {@code answer} first. A transport cancels {@code answer} when its client gives up on the
     * request (a {@code tasks/result} wait then ends, leaving nothing behind).
     *
     * @param request the SDK's {@code JSONRPCRequest} as the transport read it
     * @param origin what the request carries, its caller included
     * @param session the session the request came in on, which makes a tool call's exchange and runs the calls of
     *     the tasks it creates
     * @param answer what the core completes with the answer; the transport's to cancel
     */
    void serve(Object request, RequestOrigin origin, ServedSession session, CompletableFuture<Object> answer);

    /**
     * {@link #serve(Object, RequestOrigin, ServedSession, CompletableFuture) Serves} one request and returns its
     * answer, for a caller that needs the answer only once this returns.
     */
    default CompletableFuture<Object> serve(Object request, RequestOrigin origin, ServedSession session) {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        serve(request, origin, session, answer);
        return answer;
    }
}
