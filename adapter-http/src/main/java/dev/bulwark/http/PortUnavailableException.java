package dev.bulwark.http;

import java.util.Locale;
import java.util.Objects;

/**
 * A port the HTTP server was given could not be opened; says which.
 */
public final class PortUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** Which of the server's ports could not be opened. */
    public enum Listener {
        /** The port of {@code /mcp}. */
        MCP,
        /** The port of {@code /health}, {@code /ready} and {@code /metrics}, when it is not the MCP port. */
        MANAGEMENT
    }

    private final Listener listener;
    private final String host;
    private final int port;

    /**
     * @param listener which port
     * @param host the address it was to listen on
     * @param port the port number asked for
     * @param cause what the operating system said, usually a {@link java.net.BindException}
     */
    public PortUnavailableException(Listener listener, String host, int port, Throwable cause) {
        super(
                "The HTTP server could not listen on " + host + " port " + port + " ("
                        + Objects.requireNonNull(listener, "listener").name().toLowerCase(Locale.ROOT) + " port)",
                cause);
        this.listener = listener;
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
    }

    /** Which of the server's ports could not be opened. */
    public Listener listener() {
        return listener;
    }

    /** The address the port was to listen on. */
    public String host() {
        return host;
    }

    /** The port number asked for. */
    public int port() {
        return port;
    }
}
