package dev.bulwark.ports.security;

/**
 * The keys a transport puts into the MCP SDK's transport context for the core to read, shared by both sides so
 * neither has to know the other. The HTTP transport puts the {@link Principal} of every request and, when the
 * client sent a safe one, its {@code X-Request-Id} header here. Constants only.
 */
public final class TransportContextKeys {

    /** A {@link Principal}: the caller the transport authenticated (or was configured to assume). */
    public static final String PRINCIPAL = "dev.bulwark/principal";

    /** A {@link String}: the request id the client sent in a transport header. */
    public static final String REQUEST_ID = "dev.bulwark/request-id";

    private TransportContextKeys() {
    }
}
