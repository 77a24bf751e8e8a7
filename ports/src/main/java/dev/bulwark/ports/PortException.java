package dev.bulwark.ports;

/**
 * Root of every exception a port implementation may throw. Adapters translate their vendor exceptions
 * ({@code JedisException}, {@code SQLException}, ...) into a subclass of this type, so nothing
 * vendor-specific ever crosses a port.
 *
 * <p>Messages must be safe to log: no secrets, no credential-bearing URLs. They are never shown to MCP clients.
 */
public class PortException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PortException(String message) {
        super(message);
    }

    public PortException(String message, Throwable cause) {
        super(message, cause);
    }
}
