package dev.bulwark.serve;

import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Keeps the libraries that see credentials (request headers, connection URLs, tokens) from logging below INFO,
 * whatever levels the application sets, when its SLF4J backend is Logback. Thread-safe.
 */
public final class WireLogGuard {

    /**
     * The loggers of the libraries that see credentials. At DEBUG, Jetty and Tomcat log every request header, an API
     * key or a bearer token among them; the others log connection strings and tokens likewise.
     */
    public static final List<String> WIRE_LOGGERS = List.of(
            "io.modelcontextprotocol",
            "org.eclipse.jetty",
            "redis.clients",
            "com.zaxxer.hikari",
            "org.postgresql",
            "io.opentelemetry",
            "sun.net.www.protocol.http",
            "jdk.internal.httpclient",
            // Tomcat, the servlet container a Spring Boot application serves the starter's web door in: its HTTP/1.1
            // and HTTP/2 parsers print every header, its parameter parser every query parameter
            "org.apache.coyote",
            "org.apache.tomcat.util.http");

    private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";

    private WireLogGuard() {}

    /**
     * Guards the wire loggers of the running Logback context: their DEBUG and TRACE events are dropped before any
     * appender sees them, even under a root level of TRACE. Idempotent; with another backend, does nothing.
     */
    public static void install() {
        // Checked by name: Logback is optional, and the filter's class may only load when it is there.
        if (LoggerFactory.getILoggerFactory().getClass().getName().equals(LOGBACK_CONTEXT)) {
            LogbackWireFilter.installOn(LoggerFactory.getILoggerFactory());
        }
    }

    /** Whether {@code logger} belongs to a library that sees credentials. */
    static boolean isWireLogger(String logger) {
        for (String wire : WIRE_LOGGERS) {
            if (logger.startsWith(wire) && (logger.length() == wire.length() || logger.charAt(wire.length()) == '.')) {
                return true;
            }
        }
        return false;
    }
}
