package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.internal.presentation.tasks.SessionTasks;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * A single-session transport provider (stdio, or one in tests) whose sessions have {@link SessionTasks} answer the
 * task requests before the SDK's session, which knows none of them, and whose answers show the task wire
 * ({@link SessionTasks#outbound}). Everything else is the provider's. Thread-safe.
 */
final class TaskServingProvider implements McpServerTransportProvider {

    private final McpServerTransportProvider delegate;
    private final SessionTasks tasks;
    private final Principal defaultCaller;

    TaskServingProvider(McpServerTransportProvider delegate, SessionTasks tasks, Principal defaultCaller) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.defaultCaller = defaultCaller;
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory factory) {
        delegate.setSessionFactory(transport -> {
            Outbound outbound = new Outbound(transport, tasks);
            return new TaskServingSession(factory.create(outbound), outbound, tasks, defaultCaller);
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

    /**
     * A session's own transport, through which the SDK's session answers: the answers of the calls of tasks are taken
     * here for their tasks, the others shown with the task wire.
     */
    private static final class Outbound implements McpServerTransport {
        private final McpServerTransport delegate;
        private final SessionTasks tasks;
        /** The calls of tasks running in this session, by their JSON-RPC id. */
        private final Map<Object, CompletableFuture<JSONRPCResponse>> taskCalls = new ConcurrentHashMap<>();

        Outbound(McpServerTransport delegate, SessionTasks tasks) {
            this.delegate = delegate;
            this.tasks = tasks;
        }

        CompletableFuture<JSONRPCResponse> expect(Object callId) {
            return taskCalls.computeIfAbsent(callId, id -> new CompletableFuture<>());
        }

        @Override
        public Mono<Void> sendMessage(JSONRPCMessage message) {
            if (message instanceof JSONRPCResponse response) {
                CompletableFuture<JSONRPCResponse> taskCall = taskCalls.remove(response.id());
                if (taskCall != null) {
                    taskCall.complete(response);
                    return Mono.empty();
                }
            }
            return delegate.sendMessage(tasks.outbound(message));
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

    /** The SDK's session behind {@link SessionTasks}: every method but the task requests is the SDK session's. */
    private static final class TaskServingSession extends McpServerSession implements SessionTasks.Session {
        private final McpServerSession sdk;
        private final Outbound outbound;
        private final SessionTasks tasks;
        private final Principal defaultCaller;

        TaskServingSession(McpServerSession sdk, Outbound outbound, SessionTasks tasks, Principal defaultCaller) {
            super(sdk.getId(), Duration.ofSeconds(1), outbound, null, Map.of(), Map.of());
            this.sdk = sdk;
            this.outbound = outbound;
            this.tasks = tasks;
            this.defaultCaller = defaultCaller;
        }

        @Override
        public Mono<Void> handle(JSONRPCMessage message) {
            if (!(message instanceof JSONRPCRequest request)) {
                return sdk.handle(message);
            }
            return Mono.deferContextual(reactor -> {
                McpTransportContext context = reactor.getOrDefault(McpTransportContext.KEY, McpTransportContext.EMPTY);
                Optional<Mono<JSONRPCResponse>> answer = tasks.answer(request, originOf(context, defaultCaller), this);
                return answer.isPresent() ? answer.get().flatMap(outbound.delegate::sendMessage) : sdk.handle(message);
            });
        }

        private static RequestOrigin originOf(McpTransportContext context, Principal defaultCaller) {
            RequestOrigin origin = RequestOrigins.of(context);
            return origin.caller().isEmpty() && defaultCaller != null
                    ? origin.toBuilder().caller(defaultCaller).build()
                    : origin;
        }

        @Override
        public Mono<JSONRPCResponse> run(JSONRPCRequest call, McpTransportContext context) {
            CompletableFuture<JSONRPCResponse> answered = outbound.expect(call.id());
            sdk.handle(call)
                    .contextWrite(reactor -> reactor.put(McpTransportContext.KEY, context))
                    .subscribe(null, answered::completeExceptionally);
            return Mono.fromFuture(answered);
        }

        @Override
        public void notify(String method, Object params) {
            sdk.sendNotification(method, params).subscribe(null, unsent -> {});
        }

        @Override
        public String getId() {
            return sdk.getId();
        }

        @Override
        public void init(McpSchema.ClientCapabilities clientCapabilities, McpSchema.Implementation clientInfo) {
            sdk.init(clientCapabilities, clientInfo);
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
