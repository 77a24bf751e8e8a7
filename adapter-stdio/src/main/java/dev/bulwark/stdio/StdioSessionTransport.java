package dev.bulwark.stdio;

import dev.bulwark.ports.calls.CurrentCall;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpServerTransport;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;

/**
 * The SDK's view of the one session's transport: it also cancels, and answers in the client's place, the requests
 * of a call that has ended. Thread-safe.
 */
final class StdioSessionTransport implements McpServerTransport {

    /** The reason given to the client when a request is cancelled because its call was answered. */
    static final String CALL_ENDED = "The call it was sent for has ended (finished, failed or timed out)";

    private final McpJsonMapper jsonMapper;
    private final OutputPump output;
    private final PendingClientRequests awaitingClient;
    private final InboundDispatcher dispatcher;
    private final CompletableFuture<Void> terminated;
    private final ServedRequestSpans spans;
    /** How an {@code initialize} answer shows on the wire. */
    private final Supplier<UnaryOperator<Object>> initializeWire;
    /** The answers awaited for the calls of tasks running in the session, by JSON-RPC id: not written. */
    private final Map<Object, CompletableFuture<Object>> taskCalls = new ConcurrentHashMap<>();

    /**
     * @param jsonMapper converts the session's untyped params and results
     * @param output where messages go
     * @param awaitingClient the server's requests the client has yet to answer
     * @param dispatcher told when the session closes, so that input stops and the output ends
     * @param terminated completes when the transport has terminated
     * @param spans where an answer ends its request's span
     * @param initializeWire how an {@code initialize} answer shows on the wire, as last told
     */
    StdioSessionTransport(
            McpJsonMapper jsonMapper,
            OutputPump output,
            PendingClientRequests awaitingClient,
            InboundDispatcher dispatcher,
            CompletableFuture<Void> terminated,
            ServedRequestSpans spans,
            Supplier<UnaryOperator<Object>> initializeWire) {
        this.jsonMapper = jsonMapper;
        this.output = output;
        this.awaitingClient = awaitingClient;
        this.dispatcher = dispatcher;
        this.terminated = terminated;
        this.spans = spans;
        this.initializeWire = initializeWire;
    }

    /** Keeps the answer to the call {@code callId} of a task from the client: it completes the future returned. */
    CompletableFuture<Object> expect(Object callId) {
        return taskCalls.computeIfAbsent(callId, id -> new CompletableFuture<>());
    }

    /** Queues the message for stdout; completes once queued, errors if the session has ended. */
    @Override
    public Mono<Void> sendMessage(JSONRPCMessage sent) {
        return Mono.defer(() -> {
            JSONRPCMessage message = sent;
            if (message instanceof JSONRPCResponse response) {
                CompletableFuture<Object> taskCall = taskCalls.remove(response.id());
                if (taskCall != null) {
                    taskCall.complete(response);
                    return Mono.<Void>empty();
                }
                if (response.result() instanceof McpSchema.InitializeResult
                        && initializeWire.get().apply(response) instanceof JSONRPCMessage shown) {
                    message = shown;
                }
            }
            if (message instanceof JSONRPCRequest request && !awaitingClient.add(request.id(), CurrentCall.id())) {
                return Mono.<Void>error(
                        new IllegalStateException("The client closed its input (stdin); it can answer no request"));
            }
            if (message instanceof JSONRPCResponse response) {
                spans.answered(response);
                // The call ends: what it still awaits from the client is cancelled, before its answer, and answered
                // in the client's place, so that a handler still waiting stops and the session forgets it
                for (Object pending : awaitingClient.takeSentFor(response.id())) {
                    output.enqueue(JsonRpcLines.cancelled(pending, CALL_ENDED));
                    dispatcher.answerInClientsPlace(pending, CALL_ENDED);
                }
            }
            if (OutputPump.isDroppable(message) ? output.enqueueNotification(message) : output.enqueue(message)) {
                return Mono.<Void>empty();
            }
            if (message instanceof JSONRPCRequest request) {
                awaitingClient.remove(request.id());
            }
            return Mono.<Void>error(new IllegalStateException("The stdio transport is closed"));
        });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return jsonMapper.convertValue(data, typeRef);
    }

    /** Ends the session and completes once the transport has terminated. */
    @Override
    public Mono<Void> closeGracefully() {
        return Mono.defer(() -> {
            dispatcher.beginShutdown();
            return Mono.fromFuture(terminated, true);
        });
    }

    @Override
    public void close() {
        dispatcher.beginShutdown();
    }
}
