package dev.bulwark.bootstrap.logging;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Routes {@code java.util.logging} (JUL: the OpenTelemetry SDK, the PostgreSQL driver, the JDK) into SLF4J, so those
 * records become the server's own log lines: JSON, in {@code log.file}, at {@code log.level}. JUL's own handlers are
 * removed, so its {@code ConsoleHandler} prints no plain-text lines on stderr. The server's configuration keeps each
 * JUL logger's level at Logback's (its {@code LevelChangePropagator}), so a record Logback would drop is never made.
 * Thread-safe; installing again changes nothing.
 */
public final class JulBridge {

    private JulBridge() {
    }

    /** Replaces JUL's root handlers with the one handler that passes every record to SLF4J. */
    public static synchronized void install() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }
}
