package dev.bulwark.outbound;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every log event at every level, from {@link #start()} until {@link #close()}, which puts the levels back. Jetty's
 * own loggers stay at WARN: Jetty is the tests' upstream service, which logs the headers it received at DEBUG. For
 * tests that check what is logged; not for tests that run in parallel.
 */
public final class CapturedLogs implements AutoCloseable {

    private static final List<String> RAISED = List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "dev.bulwark");

    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final List<Level> levels;
    private final Level jettyLevel;

    private CapturedLogs() {
        levels = RAISED.stream().map(name -> logger(name).getLevel()).toList();
        jettyLevel = logger("org.eclipse.jetty").getLevel();
        events.start();
        logger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(events);
        RAISED.forEach(name -> logger(name).setLevel(Level.TRACE));
        logger("org.eclipse.jetty").setLevel(Level.WARN);
    }

    /** Captures from now on. */
    public static CapturedLogs start() {
        return new CapturedLogs();
    }

    /** Each event so far as one line: its message, its MDC, and each throwable's class, message and frames. */
    public List<String> lines() {
        return events.list.stream().map(CapturedLogs::render).toList();
    }

    @Override
    public void close() {
        logger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(events);
        for (int i = 0; i < RAISED.size(); i++) {
            logger(RAISED.get(i)).setLevel(levels.get(i));
        }
        logger("org.eclipse.jetty").setLevel(jettyLevel);
    }

    private static Logger logger(String name) {
        return (Logger) LoggerFactory.getLogger(name);
    }

    private static String render(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getLoggerName())
                .append(' ')
                .append(event.getFormattedMessage())
                .append(' ')
                .append(event.getMDCPropertyMap());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
            for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                text.append(' ').append(frame.getSTEAsString());
            }
        }
        return text.toString();
    }
}
