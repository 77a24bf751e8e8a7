package dev.bulwark.bootstrap.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.spi.AppenderAttachable;

/** Log events, the reference log configuration and the server's stderr encoders, for the logging tests. */
final class LogEvents {

    private LogEvents() {}

    /** An event of {@code logger} on a request thread, at a fixed time. */
    static LoggingEvent event(String logger, Level level, String message) {
        LoggingEvent event = new LoggingEvent();
        event.setLoggerName(logger);
        event.setLevel(level);
        event.setMessage(message);
        event.setThreadName("bulwark-http-1");
        event.setTimeStamp(1_700_000_000_123L);
        return event;
    }

    /**
     * The encoder of the stderr appender {@code stream} behind the background writer {@code writer}: the audit
     * logger's when the writer is the audit stream's, the root logger's otherwise.
     */
    @SuppressWarnings("unchecked")
    static Encoder<ILoggingEvent> stderrEncoder(LoggerContext context, String writer, String stream) {
        Logger logger = writer.contains("AUDIT")
                ? context.getLogger(JsonLineEncoder.AUDIT_LOGGER)
                : context.getLogger(Logger.ROOT_LOGGER_NAME);
        var async = (AppenderAttachable<ILoggingEvent>) logger.getAppender(writer);
        return ((OutputStreamAppender<ILoggingEvent>) async.getAppender(stream)).getEncoder();
    }

    /** Configures {@code context} from the reference file, {@value ServerLogConfigurator#REFERENCE_FILE}. */
    static void configureFromReferenceFile(LoggerContext context) throws JoranException {
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        joran.doConfigure(LogEvents.class.getResource("/" + ServerLogConfigurator.REFERENCE_FILE));
    }
}
