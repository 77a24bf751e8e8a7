/**
 * The server's logging: Logback configured in code as the reference {@code logback.xml} declares (JSON lines on
 * stderr, the diagnostic and audit streams each written by a background thread), the optional rolling log files, the
 * audit log written straight to its appenders, and {@code java.util.logging} routed into SLF4J.
 */
package dev.bulwark.bootstrap.logging;
