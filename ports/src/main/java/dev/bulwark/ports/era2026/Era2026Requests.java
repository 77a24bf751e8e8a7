package dev.bulwark.ports.era2026;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Serves the requests of the 2026 protocol era, which need no {@code initialize} and no session: a transport hands
 * those {@link #claims} claims to {@link #serve}, everything else to the MCP SDK. The core implements it. Thread-safe.
 */
public interface Era2026Requests {

    /** The HTTP header naming the protocol version of a request, lower case as {@link #serve} expects headers. */
    String PROTOCOL_VERSION_HEADER = "mcp-protocol-version";

    /**
     * Whether a request belongs to the 2026 era: its method exists only there ({@code server/discover},
     * {@code subscriptions/listen}), its {@code _meta} names a protocol version (one the server may not speak: it
     * answers that itself), or its protocol version header names a 2026-era version the server speaks. Cheap: reads
     * only what is given.
     *
     * @param method the JSON-RPC method
     * @param params the request's params as the transport read them (a {@code Map}, or {@code null})
     * @param protocolVersionHeader the {@code MCP-Protocol-Version} header, or {@code null} (always over stdio)
     */
    boolean claims(String method, Object params, String protocolVersionHeader);

    /**
     * Serves one request {@link #claims claimed}, and completes {@code answer} when it has been served, on any
     * thread; it never completes it exceptionally for anything the client sent. A request
     * {@linkplain dev.bulwark.ports.origin.RequestOrigin#servedOnCallingThread served on the calling thread} runs before this returns, and
     * {@code answer} is often complete by then; any other returns at once. A transport cancels {@code answer} when
     * its client gives up on the request, from any thread, before or while it runs: the core then cancels the call.
     *
     * @param notifications where the notifications of this request go while it is served (progress), each one
     *     JSON-RPC message on one line, from any thread, one at a time, all before the answer completes; over HTTP
     *     the first one turns the answer into an SSE stream
     * @param answer what the core completes with the answer; the transport's to cancel
     */
    void serve(Era2026Request request, Consumer<String> notifications, CompletableFuture<Era2026Answer> answer);

    /**
     * {@link #serve(Era2026Request, Consumer, CompletableFuture) Serves} one request and returns its answer, for a
     * transport that cancels a request, if ever, only after this returns.
     */
    default CompletableFuture<Era2026Answer> serve(Era2026Request request, Consumer<String> notifications) {
        CompletableFuture<Era2026Answer> answer = new CompletableFuture<>();
        serve(request, notifications, answer);
        return answer;
    }
}
