package dev.bulwark.core.internal.presentation.server;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Transport wrappers that have {@link ToolListPages} answer {@code tools/list} before the SDK's server, for each kind
 * of transport the SDK serves: a single session (stdio), Streamable HTTP sessions, and stateless requests (stateless
 * HTTP and the 2026 era). Every other message is the SDK's. Thread-safe.
 */
final class ToolListServing {

    private ToolListServing() {}

    /**
     * {@code transport}, its sessions' {@code tools/list} answered by {@code pages} and shown on the wire as
     * {@code shown} says (the session era's tasks add each tool's {@code execution}).
     */
    static McpServerTransportProvider session(
            McpServerTransportProvider transport, ToolListPages pages, UnaryOperator<JSONRPCMessage> shown) {
        return new SessionProvider(transport, pages, shown);
    }

    /** {@code transport}, its sessions' {@code tools/list} answered by {@code pages} and shown as {@code shown} says. */
    static McpStreamableServerTransportProvider streamable(
            McpStreamableServerTransportProvider transport, ToolListPages pages, UnaryOperator<JSONRPCMessage> shown) {
        return new StreamableProvider(transport, pages, shown);
    }

    /** {@code transport}, its {@code tools/list} requests answered by {@code pages}. */
    static McpStatelessServerTransport stateless(McpStatelessServerTransport transport, ToolListPages pages) {
        return new WrappingStatelessTransport(transport) {
            @Override
            Mono<JSONRPCResponse> handleRequest(
                    McpStatelessServerHandler handler, McpTransportContext context, JSONRPCRequest request) {
                Optional<JSONRPCResponse> answer = pages.answer(request, context);
                return answer.isPresent() ? Mono.just(answer.get()) : handler.handleRequest(context, request);
            }
        };
    }

    private record SessionProvider(
            McpServerTransportProvider delegate, ToolListPages pages, UnaryOperator<JSONRPCMessage> shown)
            implements McpServerTransportProvider {

        @Override
        public void setSessionFactory(McpServerSession.Factory factory) {
            delegate.setSessionFactory(
                    transport -> new ListingSession(factory.create(transport), transport, pages, shown));
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
    }

    /** The SDK's session, but for {@code tools/list}, which is answered on the session's own transport. */
    private static final class ListingSession extends McpServerSession {
        private final McpServerSession sdk;
        private final McpServerTransport transport;
        private final ToolListPages pages;
        private final UnaryOperator<JSONRPCMessage> shown;

        ListingSession(
                McpServerSession sdk,
                McpServerTransport transport,
                ToolListPages pages,
                UnaryOperator<JSONRPCMessage> shown) {
            super(sdk.getId(), Duration.ofSeconds(1), transport, null, Map.of(), Map.of());
            this.sdk = sdk;
            this.transport = transport;
            this.pages = pages;
            this.shown = shown;
        }

        @Override
        public Mono<Void> handle(JSONRPCMessage message) {
            if (!(message instanceof JSONRPCRequest request) || !McpSchema.METHOD_TOOLS_LIST.equals(request.method())) {
                return sdk.handle(message);
            }
            return Mono.deferContextual(reactor -> {
                McpTransportContext context = reactor.getOrDefault(McpTransportContext.KEY, McpTransportContext.EMPTY);
                return pages.answer(request, context)
                        .map(answer -> transport.sendMessage(shown.apply(answer)))
                        .orElseGet(() -> sdk.handle(message));
            });
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

    private record StreamableProvider(
            McpStreamableServerTransportProvider delegate, ToolListPages pages, UnaryOperator<JSONRPCMessage> shown)
            implements McpStreamableServerTransportProvider {

        @Override
        public void setSessionFactory(McpStreamableServerSession.Factory factory) {
            delegate.setSessionFactory(initialize -> {
                McpStreamableServerSession.McpStreamableServerSessionInit init = factory.startSession(initialize);
                return new McpStreamableServerSession.McpStreamableServerSessionInit(
                        new ListingStreamableSession(init.session(), pages, shown), init.initResult());
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
    }

    /** The SDK's Streamable HTTP session, but for {@code tools/list}, answered on the request's stream. */
    private static final class ListingStreamableSession extends McpStreamableServerSession {
        private final McpStreamableServerSession sdk;
        private final ToolListPages pages;
        private final UnaryOperator<JSONRPCMessage> shown;

        ListingStreamableSession(
                McpStreamableServerSession sdk, ToolListPages pages, UnaryOperator<JSONRPCMessage> shown) {
            super(sdk.getId(), null, null, Duration.ofSeconds(1), Map.of(), Map.of());
            this.sdk = sdk;
            this.pages = pages;
            this.shown = shown;
        }

        @Override
        public Mono<Void> responseStream(JSONRPCRequest request, McpStreamableServerTransport transport) {
            if (!McpSchema.METHOD_TOOLS_LIST.equals(request.method())) {
                return sdk.responseStream(request, transport);
            }
            return Mono.deferContextual(reactor -> {
                McpTransportContext context = reactor.getOrDefault(McpTransportContext.KEY, McpTransportContext.EMPTY);
                return pages.answer(request, context)
                        .map(answer -> transport.sendMessage(shown.apply(answer)))
                        .orElseGet(() -> sdk.responseStream(request, transport));
            });
        }

        @Override
        public McpStreamableServerSessionStream listeningStream(McpStreamableServerTransport transport) {
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
