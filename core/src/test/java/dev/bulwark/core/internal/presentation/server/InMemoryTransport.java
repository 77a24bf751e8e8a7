package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.ports.calls.WritesInitializeAnswers;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.sessions.ServedSession;
import dev.bulwark.ports.sessions.ServesSessionRequests;
import dev.bulwark.ports.sessions.SessionRequests;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A session transport that connects SDK clients to an SDK server in one JVM, every message travelling as JSON text
 * as it would over stdio, so tests can drive a real server session (sampling, elicitation, logging, progress) with
 * the SDK's own client. Messages to the server are delivered in order on one thread, each with the transport context
 * the transport was made with (as an HTTP transport hands the server a caller); each client gets its own session.
 * Thread-safe.
 */
public final class InMemoryTransport
        implements McpServerTransportProvider, ServesSessionRequests, WritesInitializeAnswers {

    private final McpJsonMapper mapper;
    private final ExecutorService toServer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "in-memory-transport");
        thread.setDaemon(true);
        return thread;
    });
    private final List<McpServerSession> sessions = new CopyOnWriteArrayList<>();
    private volatile McpServerSession.Factory sessionFactory;
    private final McpTransportContext transportContext;
    private volatile SessionRequests sessionTasks;
    private volatile Principal defaultCaller;
    private volatile UnaryOperator<Object> initializeWire = UnaryOperator.identity();
    private final List<String> handedToSession = new CopyOnWriteArrayList<>();

    public InMemoryTransport(McpJsonMapper mapper) {
        this(mapper, McpTransportContext.EMPTY);
    }

    /** A transport that hands the server {@code transportContext} with every message. */
    public InMemoryTransport(McpJsonMapper mapper, McpTransportContext transportContext) {
        this.mapper = mapper;
        this.transportContext = transportContext;
    }

    /** A new client-side transport; connecting it opens a new server session. */
    public McpClientTransport newClient() {
        return new ClientSide(UnaryOperator.identity());
    }

    /**
     * A client-side transport that changes each message its client sends before the server reads it: a misbehaving
     * client, made from the SDK's well-behaved one.
     */
    public McpClientTransport newClient(UnaryOperator<McpSchema.JSONRPCMessage> rewriteSent) {
        return new ClientSide(rewriteSent);
    }

    /** The methods of the requests handed to the SDK's session rather than to the core, in the order read. */
    public List<String> requestsHandedToSession() {
        return List.copyOf(handedToSession);
    }

    @Override
    public void serveSessionRequestsWith(SessionRequests requests, Principal defaultCaller) {
        this.sessionTasks = requests;
        this.defaultCaller = defaultCaller;
    }

    @Override
    public void showInitializeAnswersWith(UnaryOperator<Object> wire) {
        this.initializeWire = wire;
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return Flux.fromIterable(sessions)
                .flatMap(session -> session.sendNotification(method, params))
                .then();
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return Flux.fromIterable(sessions)
                .filter(session -> session.getId().equals(sessionId))
                .flatMap(session -> session.sendNotification(method, params))
                .then();
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Flux.fromIterable(sessions)
                .flatMap(McpServerSession::closeGracefully)
                .then(Mono.fromRunnable(toServer::shutdown));
    }

    private String write(McpSchema.JSONRPCMessage message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private McpSchema.JSONRPCMessage read(String json) {
        try {
            return McpSchema.deserializeJsonRpcMessage(mapper, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class ClientSide implements McpClientTransport {
        private final Sinks.Many<McpSchema.JSONRPCMessage> inbound =
                Sinks.many().unicast().onBackpressureBuffer();
        private final UnaryOperator<McpSchema.JSONRPCMessage> rewriteSent;
        private McpServerSession session;
        private ServerSide server;

        ClientSide(UnaryOperator<McpSchema.JSONRPCMessage> rewriteSent) {
            this.rewriteSent = rewriteSent;
        }

        @Override
        public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
            server = new ServerSide(this);
            session = sessionFactory.create(server);
            sessions.add(session);
            return inbound.asFlux()
                    .flatMap(message -> Mono.just(message).transform(handler))
                    .then();
        }

        synchronized void receive(String json) {
            inbound.tryEmitNext(read(json));
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            String json = write(rewriteSent.apply(message));
            return Mono.fromRunnable(() -> toServer.execute(() -> {
                McpSchema.JSONRPCMessage read = read(json);
                if (read instanceof McpSchema.JSONRPCRequest initialize
                        && McpSchema.METHOD_INITIALIZE.equals(initialize.method())) {
                    server.initialized = mapper.convertValue(initialize.params(), McpSchema.InitializeRequest.class);
                }
                SessionRequests tasks = sessionTasks;
                if (tasks != null
                        && read instanceof McpSchema.JSONRPCRequest request
                        && tasks.claims(request.method(), request.params())) {
                    // hooked on first, as the real transports do: a handler may hold this thread past its answer
                    CompletableFuture<Object> answer = new CompletableFuture<>();
                    answer.thenAccept(answered -> server.sendMessage((McpSchema.JSONRPCMessage) answered)
                            .subscribe());
                    tasks.serve(request, origin(), server, answer);
                    return;
                }
                if (read instanceof McpSchema.JSONRPCRequest request) {
                    handedToSession.add(request.method());
                }
                session.handle(read)
                        .contextWrite(context -> context.put(McpTransportContext.KEY, transportContext))
                        .subscribe();
            }));
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return mapper.convertValue(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.fromRunnable(() -> {
                sessions.remove(session);
                inbound.tryEmitComplete();
            });
        }
    }

    /** What a request carries: the transport's origin, its caller the default one when it names none. */
    private RequestOrigin origin() {
        RequestOrigin origin = RequestOrigin.from(transportContext::get);
        Principal caller = defaultCaller;
        return origin.caller().isEmpty() && caller != null
                ? origin.toBuilder().caller(caller).build()
                : origin;
    }

    private final class ServerSide implements McpServerTransport, ServedSession {
        private final ClientSide client;
        private final Map<Object, CompletableFuture<Object>> taskCalls = new ConcurrentHashMap<>();
        /** What the client said of itself in its {@code initialize}, kept as the transports keep it. */
        private volatile McpSchema.InitializeRequest initialized;

        ServerSide(ClientSide client) {
            this.client = client;
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            if (message instanceof McpSchema.JSONRPCResponse response) {
                CompletableFuture<Object> taskCall = taskCalls.remove(response.id());
                if (taskCall != null) {
                    taskCall.complete(response);
                    return Mono.empty();
                }
                if (response.result() instanceof McpSchema.InitializeResult) {
                    Object shown = initializeWire.apply(response);
                    return Mono.fromRunnable(() -> client.receive(write((McpSchema.JSONRPCMessage) shown)));
                }
            }
            return Mono.fromRunnable(() -> client.receive(write(message)));
        }

        @Override
        public CompletableFuture<Object> run(Object call, RequestOrigin origin) {
            McpSchema.JSONRPCRequest request = (McpSchema.JSONRPCRequest) call;
            CompletableFuture<Object> answered =
                    taskCalls.computeIfAbsent(request.id(), id -> new CompletableFuture<>());
            client.session
                    .handle(request)
                    .contextWrite(context ->
                            context.put(McpTransportContext.KEY, McpTransportContext.create(origin.asContext())))
                    .subscribe(null, answered::completeExceptionally);
            return answered;
        }

        @Override
        public Object exchange(RequestOrigin origin) {
            McpSchema.InitializeRequest init = initialized;
            return new McpAsyncServerExchange(
                    client.session.getId(),
                    client.session,
                    init.capabilities(),
                    init.clientInfo(),
                    McpTransportContext.create(origin.asContext()),
                    McpJsonDefaults.getSchemaValidator());
        }

        @Override
        public void notify(String method, Object params) {
            client.session.sendNotification(method, params).subscribe(null, unsent -> {});
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return mapper.convertValue(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }
    }
}
