package dev.bulwark.ports;

/**
 * Root of every exception a port implementation may throw; its message is safe to log.
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
