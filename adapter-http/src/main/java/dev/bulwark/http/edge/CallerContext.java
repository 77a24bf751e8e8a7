package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.McpExchange;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;

/**
 * Puts the caller of every HTTP request into the MCP SDK's transport context, for the core to read.
 */
public final class CallerContext implements McpTransportContextExtractor<Request> {

    /** The request id header. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    /** Any other {@code X-Request-Id} is ignored, so a client can never inject text into the logs. */
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** A {@code traceparent}: version, trace id, parent id, flags, and what a later version may add after them. */
    private static final Pattern TRACEPARENT =
            Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(-[-0-9a-f]{0,200})?");
    /** A {@code tracestate}: at most 32 members of key=value, printable ASCII, 512 characters as W3C allows. */
    private static final Pattern TRACESTATE = Pattern.compile("[\\x20-\\x7e]{1,512}");

    private final Principal caller;
    private final RequestOrigin plain;
    private final McpTransportContext withoutRequestId;

    /** Every request runs as {@code caller}, unless the authentication handler authenticated another. */
    public CallerContext(Principal caller) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.plain = RequestOrigin.builder(ProtocolEra.SESSIONS_2025_11_25)
                .caller(caller)
                .build();
        this.withoutRequestId = McpTransportContext.create(plain.asContext());
    }

    private CallerContext() {
        this.caller = null;
        this.plain = RequestOrigin.NONE;
        this.withoutRequestId = McpTransportContext.EMPTY;
    }

    /** Only authenticated callers: a request nobody authenticated gets no principal, so the core refuses it. */
    public static CallerContext authenticatedOnly() {
        return new CallerContext();
    }

    @Override
    public McpTransportContext extract(Request request) {
        RequestOrigin origin = originOf(request);
        return origin == plain ? withoutRequestId : McpTransportContext.create(origin.asContext());
    }

    /** The request id the client sent in {@link #REQUEST_ID_HEADER}, when it is a plain token of at most 128. */
    public static Optional<String> requestIdOf(Request request) {
        String requestId = request.getHeaders().get(REQUEST_ID_HEADER);
        return requestId != null && SAFE_REQUEST_ID.matcher(requestId).matches()
                ? Optional.of(requestId)
                : Optional.empty();
    }

    /** The origin of {@code request}, a request of the session era, as {@link #extract} puts it into the context. */
    public RequestOrigin originOf(Request request) {
        return originOf(request, ProtocolEra.SESSIONS_2025_11_25);
    }

    /** The origin of {@code request}, a request of {@code era}. */
    public RequestOrigin originOf(Request request, ProtocolEra era) {
        String requestId = requestIdOf(request).orElse(null);
        boolean safeRequestId = requestId != null;
        Principal authenticated = McpExchange.principalOf(request);
        Map<String, String> trace = traceContextOf(request);
        if (era == ProtocolEra.SESSIONS_2025_11_25 && authenticated == null && !safeRequestId && trace == null) {
            return plain;
        }
        return RequestOrigin.builder(era)
                .caller(authenticated == null ? caller : authenticated)
                .clientRequestId(safeRequestId ? requestId : null)
                .traceContext(trace)
                .build();
    }

    /** The client's {@code traceparent} and {@code tracestate}, when it sent a well-formed parent; else null. */
    private static Map<String, String> traceContextOf(Request request) {
        String parent = request.getHeaders().get("traceparent");
        if (parent == null || !TRACEPARENT.matcher(parent).matches()) {
            return null;
        }
        String state = request.getHeaders().get("tracestate");
        return state != null && TRACESTATE.matcher(state).matches()
                ? Map.of("traceparent", parent, "tracestate", state)
                : Map.of("traceparent", parent);
    }
}
