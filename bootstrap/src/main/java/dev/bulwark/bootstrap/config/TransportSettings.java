package dev.bulwark.bootstrap.config;

/**
 * Which transport the server jar serves MCP over; an application picks its transport by the runner it calls
 * ({@code BulwarkStdio}, {@code BulwarkHttp}). Immutable.
 *
 * @param http serve MCP over Streamable HTTP instead of stdio ({@code http.enabled})
 */
public record TransportSettings(boolean http) {

    /** Stdio unless asked otherwise. */
    public static final boolean DEFAULT_HTTP = false;

    public static TransportSettings defaults() {
        return new TransportSettings(DEFAULT_HTTP);
    }
}
