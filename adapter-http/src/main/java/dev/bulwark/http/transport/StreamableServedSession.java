package dev.bulwark.http.transport;

import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.sessions.ServedSession;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpLoggableSession;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * One Streamable HTTP session as the core uses it for one request it serves: a tool call's exchange sends on that
 * request's stream; a task's call runs in the SDK's session on a stream of its own, its answer kept for the core and
 * its other messages sent on the session's GET stream. Thread-safe.
 */
final class StreamableServedSession implements ServedSession {

    /** Checks an elicitation's requested schema, as the SDK's session does with its default validator. */
    private static final JsonSchemaValidator SCHEMAS = McpJsonDefaults.getSchemaValidator();

    private final StreamableSession session;
    private final McpJsonMapper jsonMapper;
    private final SseStream answering;
    private final RequestStream requestStream = new RequestStream();
    /** The SDK's side of {@link #answering}, made on the exchange's first message; guarded by {@code this}. */
    private McpStreamableServerSession.McpStreamableServerSessionStream sdkStream;
    /** Whether the request was answered: its exchange sends nothing more; guarded by {@code this}. */
    private boolean answered;

    /**
     * @param session the session the request came in on
     * @param answering the stream the request is answered on
     */
    StreamableServedSession(StreamableSession session, McpJsonMapper jsonMapper, SseStream answering) {
        this.session = session;
        this.jsonMapper = jsonMapper;
        this.answering = answering;
    }

    @Override
    public Object exchange(RequestOrigin origin) {
        return new McpAsyncServerExchange(
                session.sdk().getId(),
                requestStream,
                session.client().capabilities(),
                session.client().clientInfo(),
                McpTransportContext.create(origin.asContext()),
                SCHEMAS);
    }

    /**
     * Ends the SDK's side of the request's stream, once the request is answered: what it still awaits from the
     * client fails, and the SDK's session forgets it, as the session's own answers end theirs.
     */
    synchronized void answered() {
        answered = true;
        if (sdkStream != null) {
            sdkStream.close();
            sdkStream = null;
        }
    }

    /** The SDK's side of the request's stream, made now if need be; null once the request was answered. */
    private synchronized McpStreamableServerSession.McpStreamableServerSessionStream sdkStream() {
        if (sdkStream == null && !answered) {
            sdkStream = session.sdk().responseStream(answering);
        }
        return sdkStream;
    }

    @Override
    public CompletableFuture<Object> run(Object call, RequestOrigin origin) {
        CompletableFuture<Object> answered = new CompletableFuture<>();
        session.sdk()
                .responseStream((McpSchema.JSONRPCRequest) call, new TaskCallStream(answered))
                .contextWrite(Context.of(McpTransportContext.KEY, McpTransportContext.create(origin.asContext())))
                .subscribe(null, answered::completeExceptionally);
        return answered;
    }

    @Override
    public void whenEnded(Runnable action) {
        session.whenEnded(action);
    }

    @Override
    public void notify(String method, Object params) {
        session.sdk().sendNotification(method, params).subscribe(null, unsent -> {});
    }

    /**
     * The stream of a task's call: its answer completes {@code answered}; what else the call sends goes on the
     * session's GET stream, or nowhere when none is open.
     */
    private final class TaskCallStream implements McpStreamableServerTransport {
        private final CompletableFuture<Object> answered;

        TaskCallStream(CompletableFuture<Object> answered) {
            this.answered = answered;
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return sendMessage(message, null);
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
            if (message instanceof McpSchema.JSONRPCResponse response) {
                answered.complete(response);
                return Mono.empty();
            }
            SseStream stream = session.listening();
            return stream == null ? Mono.empty() : stream.sendMessage(message, messageId);
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return jsonMapper.convertValue(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }

        @Override
        public void close() {
            // the task's call has no connection of its own
        }
    }

    /**
     * The request's stream as its exchange sends on it. The SDK's side of it is made on the first message, not for
     * each call: it draws a random id, and most calls send nothing but their answer. A message sent after the answer
     * goes nowhere, and a request then fails at once.
     */
    private final class RequestStream implements McpLoggableSession {

        @Override
        public <T> Mono<T> sendRequest(String method, Object requestParams, TypeRef<T> typeRef) {
            McpStreamableServerSession.McpStreamableServerSessionStream stream = sdkStream();
            return stream == null
                    ? Mono.error(new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(
                            McpSchema.ErrorCodes.INTERNAL_ERROR,
                            "the call was already answered: no request can be sent to its client",
                            null)))
                    : stream.sendRequest(method, requestParams, typeRef);
        }

        @Override
        public Mono<Void> sendNotification(String method, Object params) {
            McpStreamableServerSession.McpStreamableServerSessionStream stream = sdkStream();
            return stream == null ? Mono.empty() : stream.sendNotification(method, params);
        }

        @Override
        public void setMinLoggingLevel(McpSchema.LoggingLevel minLoggingLevel) {
            session.sdk().setMinLoggingLevel(minLoggingLevel);
        }

        @Override
        public boolean isNotificationForLevelAllowed(McpSchema.LoggingLevel loggingLevel) {
            return session.sdk().isNotificationForLevelAllowed(loggingLevel);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.fromRunnable(StreamableServedSession.this::answered);
        }

        @Override
        public void close() {
            answered();
        }
    }
}
