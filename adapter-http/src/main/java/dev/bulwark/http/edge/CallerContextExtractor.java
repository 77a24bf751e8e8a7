package dev.bulwark.http.edge;

import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.security.TransportContextKeys;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Puts the caller of every HTTP request into the MCP SDK's transport context, where the core's pipeline reads it
 * ({@link TransportContextKeys#PRINCIPAL}), together with the client's {@code X-Request-Id} header when it is a
 * plain token of at most 128 characters ({@link TransportContextKeys#REQUEST_ID}); any other value is ignored so it
 * can never inject text into logs. Until HTTP authentication is configured the caller is one configured principal.
 * Immutable and thread-safe.
 */
public final class CallerContextExtractor implements McpTransportContextExtractor<HttpServletRequest> {

    /** The request id header. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final Principal caller;
    private final McpTransportContext withoutRequestId;

    public CallerContextExtractor(Principal caller) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.withoutRequestId = McpTransportContext.create(Map.of(TransportContextKeys.PRINCIPAL, caller));
    }

    @Override
    public McpTransportContext extract(HttpServletRequest request) {
        String requestId = request.getHeader(REQUEST_ID_HEADER);
        if (requestId != null && SAFE_REQUEST_ID.matcher(requestId).matches()) {
            return McpTransportContext.create(Map.of(
                    TransportContextKeys.PRINCIPAL, caller, TransportContextKeys.REQUEST_ID, requestId));
        }
        return withoutRequestId;
    }
}
