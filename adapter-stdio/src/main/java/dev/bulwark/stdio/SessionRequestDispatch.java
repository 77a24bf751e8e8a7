package dev.bulwark.stdio;

import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.sessions.ServedSession;
import dev.bulwark.ports.sessions.SessionRequests;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpServerSession;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.util.context.Context;

/**
 * Hands the session requests the core claims ({@link SessionRequests}: the tool list, tool calls, the session era's
 * task requests) to the core instead of the session, and writes their answers as the session's; gives a tool call
 * its exchange on the session; runs the calls of their tasks in the session. Thread-safe.
 */
final class SessionRequestDispatch implements ServedSession {

    /** Logs under the transport's name, so that every line of the stdio transport carries one logger. */
    private static final Logger log = LoggerFactory.getLogger(StdioTransportProvider.class);

    /** Checks an elicitation's requested schema, as the SDK's session does with its default validator. */
    private static final JsonSchemaValidator SCHEMAS = McpJsonDefaults.getSchemaValidator();

    private final SessionRequests requests;
    private final RequestOrigin origin;
    private final Supplier<McpServerSession> session;
    private final Supplier<StdioSessionTransport> transport;
    /** What the client said of itself in its {@code initialize}; the SDK's session keeps it out of reach. */
    private volatile McpSchema.InitializeRequest client;

    /**
     * @param requests the core's entry point
     * @param caller the caller of every request
     * @param session the one session, once created
     * @param transport the session's way out, once created
     */
    SessionRequestDispatch(
            SessionRequests requests,
            Principal caller,
            Supplier<McpServerSession> session,
            Supplier<StdioSessionTransport> transport) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.origin = RequestOrigin.NONE.toBuilder().caller(caller).build();
        this.session = session;
        this.transport = transport;
    }

    /** Keeps what the client says of itself in {@code initialize}, the request the session is about to handle. */
    void initializing(JSONRPCRequest initialize) {
        try {
            client = transport.get().unmarshalFrom(initialize.params(), new TypeRef<McpSchema.InitializeRequest>() {});
        } catch (RuntimeException unreadable) {
            // the session refuses it in its answer
        }
    }

    /** Whether the core serves {@code request} itself. */
    boolean claims(JSONRPCRequest request) {
        return requests.claims(request.method(), request.params());
    }

    /**
     * Serves {@code request} (on the calling request thread, which need not wait for it); its answer is written as the
     * session's, and {@code done} runs once it is queued.
     */
    void serve(JSONRPCRequest request, Runnable done) {
        // hooked on before the core serves: a tool's handler may hold this thread past its answer
        CompletableFuture<Object> answer = new CompletableFuture<>();
        answer.whenComplete((response, failure) -> {
            try {
                JSONRPCMessage message = failure == null
                        ? (JSONRPCMessage) response
                        : new JSONRPCResponse(
                                McpSchema.JSONRPC_VERSION,
                                request.id(),
                                null,
                                new JSONRPCResponse.JSONRPCError(
                                        McpSchema.ErrorCodes.INTERNAL_ERROR,
                                        "Internal error: the request could not be served",
                                        null));
                if (failure != null) {
                    log.error("A {} request failed", request.method(), failure);
                }
                transport
                        .get()
                        .sendMessage(message)
                        .subscribe(null, unsent -> log.debug("An answer was not sent: {}", unsent.toString()));
            } finally {
                done.run();
            }
        });
        try {
            requests.serve(request, origin, this, answer);
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
    }

    @Override
    public CompletableFuture<Object> run(Object call, RequestOrigin callOrigin) {
        JSONRPCRequest request = (JSONRPCRequest) call;
        CompletableFuture<Object> answered = transport.get().expect(request.id());
        session.get()
                .handle(request)
                .contextWrite(Context.of(McpTransportContext.KEY, McpTransportContext.create(callOrigin.asContext())))
                .subscribe(null, answered::completeExceptionally);
        return answered;
    }

    @Override
    public Object exchange(RequestOrigin callOrigin) {
        McpSchema.InitializeRequest initialized = client;
        McpServerSession current = session.get();
        return new McpAsyncServerExchange(
                current.getId(),
                current,
                initialized == null ? null : initialized.capabilities(),
                initialized == null ? null : initialized.clientInfo(),
                McpTransportContext.create(callOrigin.asContext()),
                SCHEMAS);
    }

    @Override
    public void notify(String method, Object params) {
        session.get().sendNotification(method, params).subscribe(null, unsent -> {});
    }
}
