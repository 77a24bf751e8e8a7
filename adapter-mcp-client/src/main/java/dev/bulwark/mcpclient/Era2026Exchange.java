package dev.bulwark.mcpclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Carries the JSON-RPC messages of the 2026 era to one upstream and brings back each request's answer. Thread-safe. */
interface Era2026Exchange {

    /**
     * Sends one request; cancelling the returned future abandons it. An exchange may send and read it on the calling
     * thread and return its answer complete: then it keeps to a deadline of its own, failing with a
     * {@link java.util.concurrent.TimeoutException}, and an interrupt of that thread abandons it.
     *
     * @param id the request's JSON-RPC id
     * @param headers the era's routing headers and the trace context, for a transport that carries headers
     * @param notified told each notification the upstream sends about the request before its answer
     * @return its JSON-RPC response, holding {@code result} or {@code error}
     */
    CompletableFuture<JsonNode> send(
            long id, ObjectNode message, Map<String, String> headers, Consumer<JsonNode> notified);

    /** Sends one notification, not waiting for it to arrive. */
    void notify(ObjectNode message, Map<String, String> headers);

    /** Abandons every request in flight and lets go of the transport. */
    void close();
}
