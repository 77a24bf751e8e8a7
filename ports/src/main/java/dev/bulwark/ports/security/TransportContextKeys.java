package dev.bulwark.ports.security;

/**
 * The keys a transport puts into the MCP SDK's transport context for the core to read. Constants only.
 */
public final class TransportContextKeys {

    /** A {@link Principal}: the caller the transport authenticated (or was configured to assume). */
    public static final String PRINCIPAL = "dev.bulwark/principal";

    /** A {@link String}: the request id the client sent in a transport header. */
    public static final String REQUEST_ID = "dev.bulwark/request-id";

    /**
     * A {@code Map<String, String>}: the W3C trace context the client sent in transport headers, by lower-case header
     * name ({@code traceparent}, and {@code tracestate} when sent). The core continues the client's trace from it
     * when the request's own {@code _meta} carries none.
     */
    public static final String TRACE_CONTEXT = "dev.bulwark/trace-context";

    private TransportContextKeys() {
    }
}
