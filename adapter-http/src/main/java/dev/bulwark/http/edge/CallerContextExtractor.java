package dev.bulwark.http.edge;

import dev.bulwark.http.auth.AuthenticationFilter;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.security.TransportContextKeys;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Puts the caller of every HTTP request into the MCP SDK's transport context, where the core's pipeline reads it
 * ({@link TransportContextKeys#PRINCIPAL}), together with the client's {@code X-Request-Id} header when it is a
 * plain token of at most 128 characters ({@link TransportContextKeys#REQUEST_ID}); any other value is ignored so it
 * can never inject text into logs. The caller is the principal the {@link AuthenticationFilter} authenticated, or,
 * when authentication is off, one configured principal. The client's W3C trace context headers ({@code traceparent},
 * and {@code tracestate} with it) go in too ({@link TransportContextKeys#TRACE_CONTEXT}), when they are of the
 * headers' own alphabet and length; the core continues the client's trace from them.
 * Immutable and thread-safe.
 */
public final class CallerContextExtractor implements McpTransportContextExtractor<HttpServletRequest> {

    /** The request id header. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** A {@code traceparent}: version, trace id, parent id, flags, and what a later version may add after them. */
    private static final Pattern TRACEPARENT = Pattern.compile(
            "[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(-[-0-9a-f]{0,200})?");
    /** A {@code tracestate}: at most 32 members of key=value, printable ASCII, 512 characters as W3C allows. */
    private static final Pattern TRACESTATE = Pattern.compile("[\\x20-\\x7e]{1,512}");

    private final Principal caller;
    private final McpTransportContext withoutRequestId;

    /** Every request runs as {@code caller}, unless the {@link AuthenticationFilter} authenticated another. */
    public CallerContextExtractor(Principal caller) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.withoutRequestId = McpTransportContext.create(Map.of(TransportContextKeys.PRINCIPAL, caller));
    }

    private CallerContextExtractor() {
        this.caller = null;
        this.withoutRequestId = McpTransportContext.EMPTY;
    }

    /**
     * Only authenticated callers: a request the {@link AuthenticationFilter} did not authenticate gets no principal,
     * so the core refuses it rather than run it as anyone.
     */
    public static CallerContextExtractor authenticatedOnly() {
        return new CallerContextExtractor();
    }

    @Override
    public McpTransportContext extract(HttpServletRequest request) {
        String requestId = request.getHeader(REQUEST_ID_HEADER);
        boolean safeRequestId = requestId != null && SAFE_REQUEST_ID.matcher(requestId).matches();
        Principal authenticated = AuthenticationFilter.principalOf(request);
        Map<String, String> trace = traceContextOf(request);
        if (authenticated == null && !safeRequestId && trace == null) {
            return withoutRequestId;
        }
        Principal principal = authenticated == null ? caller : authenticated;
        Map<String, Object> values = new HashMap<>(4);
        if (trace != null) {
            values.put(TransportContextKeys.TRACE_CONTEXT, trace);
        }
        if (principal != null) {
            values.put(TransportContextKeys.PRINCIPAL, principal);
        }
        if (safeRequestId) {
            values.put(TransportContextKeys.REQUEST_ID, requestId);
        }
        return McpTransportContext.create(values);
    }

    /** The client's {@code traceparent} and {@code tracestate}, when it sent a well-formed parent; else null. */
    private static Map<String, String> traceContextOf(HttpServletRequest request) {
        String parent = request.getHeader("traceparent");
        if (parent == null || !TRACEPARENT.matcher(parent).matches()) {
            return null;
        }
        String state = request.getHeader("tracestate");
        return state != null && TRACESTATE.matcher(state).matches()
                ? Map.of("traceparent", parent, "tracestate", state)
                : Map.of("traceparent", parent);
    }
}
