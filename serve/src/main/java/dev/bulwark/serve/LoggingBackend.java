package dev.bulwark.serve;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Says once per JVM, on stderr, that an embedded server has no SLF4J logging backend, so its audit lines and
 * warnings go nowhere. Thread-safe.
 */
final class LoggingBackend {

    static final String MISSING = "bulwark: no SLF4J logging backend is on the class path, so the audit log and every"
            + " warning are dropped; add one (for example ch.qos.logback:logback-classic) to the application";

    private static final AtomicBoolean TOLD = new AtomicBoolean();

    private LoggingBackend() {}

    /** Prints {@link #MISSING} to {@code System.err} the first time a server starts without a backend. */
    static void noticeIfMissing() {
        noticeIfMissing(LoggerFactory.getILoggerFactory(), System.err, TOLD);
    }

    /** Prints {@link #MISSING} to {@code err} when {@code factory} drops everything and {@code told} was not set. */
    static void noticeIfMissing(ILoggerFactory factory, PrintStream err, AtomicBoolean told) {
        if (factory instanceof NOPLoggerFactory && told.compareAndSet(false, true)) {
            err.println(MISSING);
        }
    }
}
