package dev.bulwark.benchmarks;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.spi.AppenderAttachable;
import dev.bulwark.bootstrap.logging.ServerLogConfigurator;
import java.io.OutputStream;
import org.slf4j.LoggerFactory;

/** The server's reference logging configuration, its two stderr streams pointed at sinks that discard. */
public final class DiscardingServerLogging {

    /** The audit logger's name. */
    public static final String AUDIT_LOGGER = "dev.bulwark.audit";

    private DiscardingServerLogging() {}

    /** Configures Logback as the server does and returns the audit stream's appender, writing nowhere. */
    public static OutputStreamAppender<ILoggingEvent> configure() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        try {
            joran.doConfigure(ServerLogConfigurator.class.getResource("/" + ServerLogConfigurator.REFERENCE_FILE));
        } catch (JoranException e) {
            throw new IllegalStateException("the server's logging configuration did not load", e);
        }
        discarding(context.getLogger(Logger.ROOT_LOGGER_NAME), "ASYNC_JSON_STDERR", "JSON_STDERR");
        return discarding(context.getLogger(AUDIT_LOGGER), "ASYNC_AUDIT_JSON_STDERR", "AUDIT_JSON_STDERR");
    }

    /** Stops the logging, its writer threads with it. */
    public static void stop() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }

    /** Points the stderr appender {@code stream} behind {@code writer} at a stream that discards what it is given. */
    @SuppressWarnings("unchecked")
    private static OutputStreamAppender<ILoggingEvent> discarding(Logger logger, String writer, String stream) {
        var async = (AppenderAttachable<ILoggingEvent>) logger.getAppender(writer);
        var appender = (OutputStreamAppender<ILoggingEvent>) async.getAppender(stream);
        appender.setOutputStream(OutputStream.nullOutputStream());
        return appender;
    }
}
