package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.McpExchange;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.security.TransportContextKeys;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;

/**
 * Puts the caller of every HTTP request (a Jetty core request) into the MCP SDK's transport context, where the
 * core's pipeline reads it ({@link TransportContextKeys#PRINCIPAL}), together with the client's
 * {@code X-Request-Id} header when it is a plain token of at most 128 characters
 * ({@link TransportContextKeys#REQUEST_ID}); any other value is ignored so it can never inject text into logs. The
 * caller is the principal the authentication handler authenticated ({@link McpExchange#principalOf}), or, when
 * authentication is off, one configured principal. Immutable and thread-safe.
 */
public final class CallerContext implements McpTransportContextExtractor<Request> {

    /** The request id header. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final Principal caller;
    private final McpTransportContext withoutRequestId;

    /** Every request runs as {@code caller}, unless the authentication handler authenticated another. */
    public CallerContext(Principal caller) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.withoutRequestId = McpTransportContext.create(Map.of(TransportContextKeys.PRINCIPAL, caller));
    }

    private CallerContext() {
        this.caller = null;
        this.withoutRequestId = McpTransportContext.EMPTY;
    }

    /** Only authenticated callers: a request nobody authenticated gets no principal, so the core refuses it. */
    public static CallerContext authenticatedOnly() {
        return new CallerContext();
    }

    @Override
    public McpTransportContext extract(Request request) {
        String requestId = request.getHeaders().get(REQUEST_ID_HEADER);
        boolean safeRequestId = requestId != null && SAFE_REQUEST_ID.matcher(requestId).matches();
        Principal authenticated = McpExchange.principalOf(request);
        if (authenticated == null && !safeRequestId) {
            return withoutRequestId;
        }
        Principal principal = authenticated == null ? caller : authenticated;
        Map<String, Object> values = new HashMap<>(2);
        if (principal != null) {
            values.put(TransportContextKeys.PRINCIPAL, principal);
        }
        if (safeRequestId) {
            values.put(TransportContextKeys.REQUEST_ID, requestId);
        }
        return McpTransportContext.create(values);
    }
}
