package dev.bulwark.http.transport;

import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.exchange.McpExchange;
import dev.bulwark.ports.era2026.Era2026Requests;
import dev.bulwark.ports.era2026.ServesEra2026;
import dev.bulwark.ports.json.JsonBytes;
import dev.bulwark.ports.json.JsonBytesWriter;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.ports.tracing.RequestTraces;
import dev.bulwark.ports.tracing.RequestTraces.Trace;
import dev.bulwark.ports.tracing.TracesRequests;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The MCP stateless transport as a Jetty 12 core {@link Handler}: one JSON-RPC message per POST, answered by the
 * SDK's {@link McpStatelessServerHandler}. Replaces the SDK's {@code HttpServletStatelessServerTransport}.
 * Thread-safe.
 */
public final class JettyStatelessTransport extends Handler.Abstract
        implements McpStatelessServerTransport, TracesRequests, ServesEra2026 {

    private final Era2026Entry era2026 = new Era2026Entry();

    private static final Logger LOG = LoggerFactory.getLogger(JettyStatelessTransport.class);

    private final McpJsonMapper jsonMapper;
    private final MessageReader reader;
    private final McpTransportContextExtractor<Request> contextExtractor;
    private final long maxRequestBytes;
    private final SdkRequestTraces tracing = new SdkRequestTraces();
    private volatile McpStatelessServerHandler mcpHandler;
    private volatile boolean closing;

    /**
     * @param jsonMapper reads request bodies and writes answers
     * @param contextExtractor the transport context of each request (the caller, the request id)
     * @param maxRequestBytes the largest body read; a larger one is answered 413
     */
    public JettyStatelessTransport(
            McpJsonMapper jsonMapper, McpTransportContextExtractor<Request> contextExtractor, long maxRequestBytes) {
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be positive, was " + maxRequestBytes);
        }
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
        this.reader = new MessageReader(jsonMapper);
        this.contextExtractor = Objects.requireNonNull(contextExtractor, "contextExtractor");
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler mcpHandler) {
        this.mcpHandler = Objects.requireNonNull(mcpHandler, "mcpHandler");
    }

    @Override
    public void traceRequestsWith(RequestTraces traces) {
        tracing.traceWith(traces);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> closing = true);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        McpExchange exchange = callback instanceof McpExchange edge
                ? edge
                : new McpExchange(
                        request, response, callback, null, Ticker.system(), maxRequestBytes, reader.bodyMapper());
        exchange.handlingOn(Thread.currentThread());
        try {
            serve(exchange);
        } catch (RuntimeException e) {
            unexpected(exchange, e);
        } finally {
            exchange.handled();
        }
        return true;
    }

    /** Answers 500 to a failure of the transport itself, which goes to the log. */
    private static void unexpected(McpExchange exchange, RuntimeException failure) {
        LOG.error(
                "Unexpected failure serving {} {}",
                exchange.method(),
                exchange.request().getHttpURI().getPath(),
                failure);
        JsonResponses.error(exchange.response(), exchange, 500);
    }

    private void serve(McpExchange exchange) {
        Response response = exchange.response();
        if ("OPTIONS".equals(exchange.method())) { // not a CORS preflight: the edge answers those
            response.getHeaders().put(HttpHeader.ALLOW, "POST, OPTIONS");
            JsonResponses.empty(response, exchange, 204);
            return;
        }
        if (!"POST".equals(exchange.method())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST, OPTIONS");
            exchange.refuse("method_not_allowed");
            JsonResponses.error(response, exchange, 405);
            return;
        }
        McpStatelessServerHandler handler = mcpHandler;
        if (closing || handler == null) {
            JsonResponses.error(response, exchange, 503);
            return;
        }
        JSONRPCMessage message = reader.readOrAnswer(exchange);
        if (message == null) {
            return;
        }
        McpTransportContext context = contextExtractor.extract(exchange.request());
        if (message instanceof McpSchema.JSONRPCRequest jsonRpcRequest) {
            answer(handler, context, jsonRpcRequest, response, exchange);
        } else if (message instanceof McpSchema.JSONRPCNotification notification) {
            accept(handler, context, notification, response, exchange);
        } else {
            exchange.refuse("invalid_request");
            JsonResponses.invalidRequest(
                    response,
                    exchange,
                    "Invalid Request: a response, but this"
                            + " server is stateless: it sends no requests, so it takes no responses");
        }
    }

    /**
     * Subscribes to the handler's answer and returns: the thread that completes it (this one, when it completes
     * during the subscription) writes it, or a 500 when it failed, and ends its trace.
     */
    private void answer(
            McpStatelessServerHandler handler,
            McpTransportContext context,
            McpSchema.JSONRPCRequest request,
            Response response,
            McpExchange exchange) {
        Trace trace = tracing.start(request, null, context);
        Runnable callEnded = exchange.callStarted(); // the call goes on if the connection drops
        Mono<McpSchema.JSONRPCResponse> answer;
        try {
            answer = handler.handleRequest(context, request)
                    .contextWrite(reactor -> reactor.put(McpTransportContext.KEY, context));
        } catch (RuntimeException | Error e) {
            answer = Mono.error(e);
        }
        AtomicBoolean given = new AtomicBoolean(); // one answer: the handler's, or the shutdown's cut-off
        exchange.onCutOff(() -> {
            if (given.compareAndSet(false, true)) {
                JsonResponses.error(
                        response, exchange, 200, request.id(), JsonRpcErrors.SERVER_UNAVAILABLE, JsonRpcErrors.CUT_OFF);
            }
        });
        Completions.whenDone(answer, (answered, failure) -> {
            callEnded.run(); // before the answer is written: the drain is up to date when the client has it
            if (!given.compareAndSet(false, true)) {
                LOG.debug("The answer to a {} request cut off by the shutdown was dropped", request.method());
                endTrace(trace, answered, failure);
                return;
            }
            try {
                respond(request, answered, failure, trace, response, exchange);
            } catch (RuntimeException | Error e) {
                unanswerable(request, e, trace, response, exchange);
            }
        });
    }

    private static void endTrace(Trace trace, McpSchema.JSONRPCResponse answer, Throwable failure) {
        if (failure == null) {
            SdkRequestTraces.end(trace, answer);
        } else {
            trace.failed(failure);
        }
    }

    /**
     * Writes {@code answer} (JSON {@code null} when the handler completed without one), or, when the handler failed
     * or the answer cannot be written as JSON, a 500 with a JSON-RPC error that says nothing about it (the failure
     * goes to the log).
     */
    private void respond(
            McpSchema.JSONRPCRequest request,
            McpSchema.JSONRPCResponse answer,
            Throwable failure,
            Trace trace,
            Response response,
            McpExchange exchange) {
        JsonBytes json = null;
        Throwable failed = failure;
        if (failed == null) {
            try {
                json = jsonMapper instanceof JsonBytesWriter chunks
                        ? chunks.writeJsonBytes(answer) // written once, and sent in the chunks it was written into
                        : JsonBytes.of(jsonMapper.writeValueAsBytes(answer));
                SdkRequestTraces.end(trace, answer);
            } catch (IOException | RuntimeException | Error e) {
                failed = e; // an Error too: the heap may run out writing a large answer, and the client still needs one
            }
        }
        if (failed != null) {
            unanswerable(request, failed, trace, response, exchange);
            return;
        }
        JsonResponses.send(response, exchange, 200, json);
    }

    /**
     * Answers a request whose answer could not be produced or written with a JSON-RPC internal error naming its id,
     * 500, counted; the failure goes to the log.
     */
    private static void unanswerable(
            McpSchema.JSONRPCRequest request, Throwable failure, Trace trace, Response response, McpExchange exchange) {
        trace.failed(failure);
        LOG.error("The MCP handler failed on a {} request", request.method(), failure);
        exchange.refuse(JsonRpcErrors.UNANSWERABLE_ERROR_TYPE);
        JsonResponses.error(
                response, exchange, 500, request.id(), JsonRpcErrors.INTERNAL_ERROR, JsonRpcErrors.UNANSWERABLE);
    }

    /**
     * Waits for the handler to take the notification, blocking the request thread: unlike a request's answer, which
     * may come late (a tool call's), a notification is not on the tool-call path.
     */
    private static void accept(
            McpStatelessServerHandler handler,
            McpTransportContext context,
            McpSchema.JSONRPCNotification notification,
            Response response,
            Callback callback) {
        try {
            handler.handleNotification(context, notification)
                    .contextWrite(reactor -> reactor.put(McpTransportContext.KEY, context))
                    .block();
        } catch (RuntimeException e) {
            // the message was taken and expects no answer; the failure is the server's, for its log
            LOG.warn(
                    "The MCP handler failed on a {} notification: {}",
                    notification.method(),
                    Objects.toString(e.getMessage(), "no reason given"));
        }
        JsonResponses.empty(response, callback, 202);
    }

    /** Where this transport's port finds the entry point of the 2026 era, once given. */
    public Era2026Entry era2026Entry() {
        return era2026;
    }

    @Override
    public void serveEra2026With(Era2026Requests requests, Principal defaultCaller) {
        era2026.serveWith(requests);
    }
}
