package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.internal.presentation.tasks.SessionTasks;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A Streamable HTTP provider whose sessions have {@link SessionTasks} answer the task requests, and whose answers on a
 * request's stream show the task wire ({@link SessionTasks#outbound}); everything else is the provider's. Thread-safe.
 */
final class TaskServingStreamableProvider implements McpStreamableServerTransportProvider {

    private final McpStreamableServerTransportProvider delegate;
    private final SessionTasks tasks;

    TaskServingStreamableProvider(McpStreamableServerTransportProvider delegate, SessionTasks tasks) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
    }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory factory) {
        delegate.setSessionFactory(initialize -> {
            McpStreamableServerSession.McpStreamableServerSessionInit init = factory.startSession(initialize);
            return new McpStreamableServerSession.McpStreamableServerSessionInit(
                    new TaskServingSession(init.session(), tasks), init.initResult());
        });
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return delegate.notifyClients(method, params);
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return delegate.notifyClient(sessionId, method, params);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }

    /** A request's stream through which the SDK's session answers, its answers shown with the task wire. */
    private record Shown(McpStreamableServerTransport delegate, SessionTasks tasks)
            implements McpStreamableServerTransport {

        @Override
        public Mono<Void> sendMessage(JSONRPCMessage message) {
            return delegate.sendMessage(tasks.outbound(message));
        }

        @Override
        public Mono<Void> sendMessage(JSONRPCMessage message, String messageId) {
            return delegate.sendMessage(tasks.outbound(message), messageId);
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return delegate.unmarshalFrom(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return delegate.closeGracefully();
        }

        @Override
        public void close() {
            delegate.close();
        }

        @Override
        public List<String> protocolVersions() {
            return delegate.protocolVersions();
        }
    }

    /**
     * The stream of a task's call: its answer completes {@code answered}; what else the call sends goes on the
     * session's GET stream, or nowhere when none is open.
     */
    private record TaskCall(
            CompletableFuture<JSONRPCResponse> answered, AtomicReference<McpStreamableServerTransport> listening)
            implements McpStreamableServerTransport {

        @Override
        public Mono<Void> sendMessage(JSONRPCMessage message) {
            return sendMessage(message, null);
        }

        @Override
        public Mono<Void> sendMessage(JSONRPCMessage message, String messageId) {
            if (message instanceof JSONRPCResponse response) {
                answered.complete(response);
                return Mono.empty();
            }
            McpStreamableServerTransport stream = listening.get();
            return stream == null ? Mono.empty() : stream.sendMessage(message, messageId);
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            McpStreamableServerTransport stream = listening.get();
            if (stream == null) {
                throw new IllegalStateException("the session has no stream to read a client's answer with");
            }
            return stream.unmarshalFrom(data, typeRef);
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

    /** The SDK's session behind {@link SessionTasks}: every method but the task requests is the SDK session's. */
    private static final class TaskServingSession extends McpStreamableServerSession implements SessionTasks.Session {
        private final McpStreamableServerSession sdk;
        private final SessionTasks tasks;
        /** The session's GET stream, as last opened. */
        private final AtomicReference<McpStreamableServerTransport> listening = new AtomicReference<>();

        TaskServingSession(McpStreamableServerSession sdk, SessionTasks tasks) {
            super(sdk.getId(), null, null, Duration.ofSeconds(1), Map.of(), Map.of());
            this.sdk = sdk;
            this.tasks = tasks;
        }

        @Override
        public Mono<Void> responseStream(JSONRPCRequest request, McpStreamableServerTransport transport) {
            return Mono.deferContextual(reactor -> {
                McpTransportContext context = reactor.getOrDefault(McpTransportContext.KEY, McpTransportContext.EMPTY);
                Optional<Mono<JSONRPCResponse>> answer = tasks.answer(request, RequestOrigins.of(context), this);
                return answer.isPresent()
                        ? answer.get().flatMap(transport::sendMessage)
                        : sdk.responseStream(request, new Shown(transport, tasks));
            });
        }

        @Override
        public Mono<JSONRPCResponse> run(JSONRPCRequest call, McpTransportContext context) {
            CompletableFuture<JSONRPCResponse> answered = new CompletableFuture<>();
            sdk.responseStream(call, new TaskCall(answered, listening))
                    .contextWrite(reactor -> reactor.put(McpTransportContext.KEY, context))
                    .subscribe(null, answered::completeExceptionally);
            return Mono.fromFuture(answered);
        }

        @Override
        public void notify(String method, Object params) {
            sdk.sendNotification(method, params).subscribe(null, unsent -> {});
        }

        @Override
        public McpStreamableServerSessionStream listeningStream(McpStreamableServerTransport transport) {
            listening.set(transport);
            return sdk.listeningStream(transport);
        }

        @Override
        public void releaseListeningStream() {
            sdk.releaseListeningStream();
        }

        @Override
        public McpStreamableServerSessionStream responseStream(McpStreamableServerTransport transport) {
            return sdk.responseStream(transport);
        }

        @Override
        public Mono<Void> accept(McpSchema.JSONRPCNotification notification) {
            return sdk.accept(notification);
        }

        @Override
        public Mono<Void> accept(JSONRPCResponse response) {
            return sdk.accept(response);
        }

        @Override
        public Flux<JSONRPCMessage> replay(Object lastEventId) {
            return sdk.replay(lastEventId);
        }

        @Override
        public boolean hasListeningStream() {
            return sdk.hasListeningStream();
        }

        @Override
        public boolean hasOpenStream() {
            return sdk.hasOpenStream();
        }

        @Override
        public Mono<Void> delete() {
            return sdk.delete();
        }

        @Override
        public String getId() {
            return sdk.getId();
        }

        @Override
        public void setMinLoggingLevel(McpSchema.LoggingLevel level) {
            sdk.setMinLoggingLevel(level);
        }

        @Override
        public boolean isNotificationForLevelAllowed(McpSchema.LoggingLevel level) {
            return sdk.isNotificationForLevelAllowed(level);
        }

        @Override
        public <T> Mono<T> sendRequest(String method, Object requestParams, TypeRef<T> typeRef) {
            return sdk.sendRequest(method, requestParams, typeRef);
        }

        @Override
        public Mono<Void> sendNotification(String method, Object params) {
            return sdk.sendNotification(method, params);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return sdk.closeGracefully();
        }

        @Override
        public void close() {
            sdk.close();
        }
    }
}
