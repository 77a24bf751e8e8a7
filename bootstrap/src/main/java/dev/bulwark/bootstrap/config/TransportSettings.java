package dev.bulwark.bootstrap.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Which transport the server jar serves MCP over, and how long its stop may take after the drain; its launcher reads
 * both. An application picks its transport by the runner it calls ({@code BulwarkStdio}, {@code BulwarkHttp}) and
 * stops it itself. Immutable.
 *
 * @param http serve MCP over Streamable HTTP instead of stdio ({@code http.enabled})
 * @param closeGrace after the HTTP drain grace, how long closing sessions, ports and pools may take before the process
 *     ends anyway, writing out its buffered log lines first ({@code http.close-grace}); a platform that kills the
 *     process after a fixed time (Cloud Run's 10 s) needs the drain grace plus this to be shorter than its limit
 */
public record TransportSettings(boolean http, Duration closeGrace) {

    /** Stdio unless asked otherwise. */
    public static final boolean DEFAULT_HTTP = false;
    /** Enough for a drained server whose dependencies answer slowly: the last spans alone may take 5 s. */
    public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(15);

    public TransportSettings {
        DurationChecks.requirePositive(closeGrace, "http.close-grace");
    }

    public static TransportSettings defaults() {
        return new TransportSettings(DEFAULT_HTTP, DEFAULT_CLOSE_GRACE);
    }

    /** These settings, serving over HTTP or not. */
    public TransportSettings withHttp(boolean value) {
        return new TransportSettings(value, closeGrace);
    }

    /** These settings with another close grace. */
    public TransportSettings withCloseGrace(Duration value) {
        return new TransportSettings(http, Objects.requireNonNull(value, "http.close-grace"));
    }
}
