package dev.bulwark.core.presentation.server;

/**
 * Keys a transport puts into the SDK's {@code McpTransportContext} for the core to read. The HTTP adapter puts the
 * authenticated {@link dev.bulwark.ports.security.Principal} and the {@code X-Request-Id} header here.
 */
public final class TransportContextKeys {

    /** A {@link dev.bulwark.ports.security.Principal}: the caller the transport authenticated. */
    public static final String PRINCIPAL = "dev.bulwark/principal";

    /** A {@link String}: the request id the client sent in a transport header. */
    public static final String REQUEST_ID = "dev.bulwark/request-id";

    private TransportContextKeys() {
    }
}
