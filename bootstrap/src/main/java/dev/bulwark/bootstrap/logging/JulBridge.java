package dev.bulwark.bootstrap.logging;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Routes {@code java.util.logging} into SLF4J, so those records become the server's own log lines.
 */
public final class JulBridge {

    private JulBridge() {}

    /** Replaces JUL's root handlers with the one handler that passes every record to SLF4J. */
    public static synchronized void install() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }
}
