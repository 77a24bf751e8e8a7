package dev.bulwark.mcpclient;

import dev.bulwark.ports.upstream.CallerCannotAnswerException;
import dev.bulwark.ports.upstream.UpstreamCaller;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A client transport that relays what an upstream sends during a call to that call's {@link UpstreamCaller}: progress
 * by the call's progress token; log messages and sampling, elicitation and roots requests to the only call in flight,
 * since neither the SDK nor stdio tells which call they belong to; a resource's update by its URI alone. Thread-safe.
 */
final class RelayingTransport extends ForwardingTransport {

    private static final Logger LOG = LoggerFactory.getLogger(RelayingTransport.class);
    private static final TypeRef<Map<String, Object>> JSON_OBJECT = new TypeRef<>() {};
    private static final int INVALID_REQUEST = -32600;

    private final String upstream;
    private final McpJsonMapper mapper;
    private final Duration timeout;
    /** The callers of the calls in flight, by the progress token each call was sent with. */
    private final Map<Object, UpstreamCaller> callers = new ConcurrentHashMap<>();
    /**
     * Told the URI of each resource the upstream says was updated. The SDK never sees the notification: its client
     * would read the resource again first, outside the upstream's bounds, for a content nobody asked for.
     */
    private volatile Consumer<String> updated = uri -> {};

    /** @param timeout the upstream's call timeout: no caller is waited on longer */
    RelayingTransport(McpClientTransport delegate, String upstream, McpJsonMapper mapper, Duration timeout) {
        super(delegate);
        this.upstream = upstream;
        this.mapper = mapper;
        this.timeout = timeout;
    }

    /** Relays to {@code caller} what comes for the request sent with {@code token}, until {@link #ended}. */
    void began(Object token, UpstreamCaller caller) {
        callers.put(token, caller);
    }

    /** Tells {@code listener} the URI of each resource the upstream says was updated, in place of the one told. */
    void onUpdated(Consumer<String> listener) {
        updated = listener;
    }

    /** The request sent with {@code token} was answered or given up on: nothing more reaches its caller. */
    void ended(Object token) {
        callers.remove(token);
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return delegate.connect(messages -> messages.flatMap(message -> {
            if (relayed(message)) {
                return Mono.<McpSchema.JSONRPCMessage>empty();
            }
            return handler.apply(Mono.just(message));
        }));
    }

    /** Whether {@code message} is one this transport relays (and so the SDK never sees). */
    private boolean relayed(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCNotification notification) {
            switch (notification.method()) {
                case McpSchema.METHOD_NOTIFICATION_PROGRESS -> {
                    progress(object(notification.params()));
                    return true;
                }
                case McpSchema.METHOD_NOTIFICATION_MESSAGE -> {
                    log(object(notification.params()));
                    return true;
                }
                case McpSchema.METHOD_NOTIFICATION_RESOURCES_UPDATED -> {
                    Object uri = object(notification.params()).get("uri");
                    if (uri instanceof String text && !text.isEmpty()) {
                        updated.accept(text);
                    }
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }
        if (message instanceof McpSchema.JSONRPCRequest request) {
            switch (request.method()) {
                case McpSchema.METHOD_SAMPLING_CREATE_MESSAGE,
                        McpSchema.METHOD_ELICITATION_CREATE,
                        McpSchema.METHOD_ROOTS_LIST -> {
                    answer(request);
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }
        return false;
    }

    private void progress(Map<String, Object> params) {
        Object token = params.get("progressToken");
        UpstreamCaller caller = token == null ? null : callers.get(token);
        if (caller == null) {
            return; // progress of no call in flight: late, or of a request that asked for none
        }
        Object progress = params.get("progress");
        Object total = params.get("total");
        Object text = params.get("message");
        if (!(progress instanceof Number done)) {
            return;
        }
        caller.progress(
                done.doubleValue(),
                total instanceof Number whole ? whole.doubleValue() : null,
                text == null ? null : String.valueOf(text));
    }

    private void log(Map<String, Object> params) {
        String level = String.valueOf(params.getOrDefault("level", "info"));
        String logger = params.get("logger") == null ? upstream : String.valueOf(params.get("logger"));
        Object data = params.get("data");
        String text = data instanceof String string ? string : json(data);
        UpstreamCaller caller = onlyCaller();
        if (caller != null && caller.log(level, logger, text)) {
            return;
        }
        LOG.info("Upstream {} logged ({}, {}): {}", upstream, level, logger, text);
    }

    /** Asks the caller on a thread of its own (never the transport's reader), and sends its answer or a refusal. */
    private void answer(McpSchema.JSONRPCRequest request) {
        UpstreamCaller caller = onlyCaller();
        Mono.fromCallable(() -> {
                    if (caller == null) {
                        throw new CallerCannotAnswerException(
                                callers.isEmpty()
                                        ? "no call of Bulwark's is in flight on this upstream to ask"
                                        : "several calls of Bulwark's are in flight on this upstream, and which one"
                                                + " this request belongs to cannot be told");
                    }
                    Map<String, Object> params = object(request.params());
                    return switch (request.method()) {
                        case McpSchema.METHOD_SAMPLING_CREATE_MESSAGE -> (Object) caller.sample(params);
                        case McpSchema.METHOD_ELICITATION_CREATE -> caller.elicit(params);
                        default -> Map.of("roots", caller.roots());
                    };
                })
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout)
                .map(result -> (McpSchema.JSONRPCMessage)
                        new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(), result, null))
                .onErrorResume(failure -> Mono.just(refusal(request, failure)))
                .flatMap(delegate::sendMessage)
                .subscribe(
                        sent -> {},
                        failure -> LOG.debug(
                                "Upstream {}: the answer to its {} request was not sent: {}",
                                upstream,
                                request.method(),
                                failure.toString()));
    }

    private McpSchema.JSONRPCResponse refusal(McpSchema.JSONRPCRequest request, Throwable failure) {
        String why;
        if (failure instanceof CallerCannotAnswerException cannot) {
            why = cannot.getMessage();
        } else if (failure instanceof java.util.concurrent.TimeoutException) {
            why = "the caller did not answer within the call's timeout";
        } else {
            LOG.warn(
                    "Upstream {}: its {} request could not be relayed: {}",
                    upstream,
                    request.method(),
                    failure.toString());
            why = "the caller could not be asked";
        }
        return new McpSchema.JSONRPCResponse(
                McpSchema.JSONRPC_VERSION,
                request.id(),
                null,
                new McpSchema.JSONRPCResponse.JSONRPCError(
                        INVALID_REQUEST, "Bulwark cannot relay " + request.method() + ": " + why, null));
    }

    /** The caller of the only call in flight, or null when there is none or there are several. */
    private UpstreamCaller onlyCaller() {
        List<UpstreamCaller> inFlight = List.copyOf(callers.values());
        return inFlight.size() == 1 ? inFlight.get(0) : null;
    }

    private Map<String, Object> object(Object params) {
        if (params == null) {
            return Map.of();
        }
        try {
            return mapper.convertValue(params, JSON_OBJECT);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    private String json(Object data) {
        try {
            return mapper.writeValueAsString(data);
        } catch (java.io.IOException | RuntimeException e) {
            return String.valueOf(data);
        }
    }
}
