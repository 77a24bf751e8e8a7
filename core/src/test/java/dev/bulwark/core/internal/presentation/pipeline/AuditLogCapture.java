package dev.bulwark.core.internal.presentation.pipeline;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Captures the lines written to the audit logger ({@value AuditInterceptor#LOGGER_NAME}) while it is started, at
 * INFO whatever the test logging configuration says, and only here; {@link #stop()} puts the logger back as it was.
 */
final class AuditLogCapture {

    private final Logger logger = (Logger) LoggerFactory.getLogger(AuditInterceptor.LOGGER_NAME);
    /** Keeps each line as an asynchronous appender would: its MDC and text taken on the logging thread. */
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };

    private Level previousLevel;
    private boolean previousAdditivity;

    void start() {
        previousLevel = logger.getLevel();
        previousAdditivity = logger.isAdditive();
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        appender.start();
        logger.addAppender(appender);
    }

    void stop() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(previousLevel);
        logger.setAdditive(previousAdditivity);
    }

    List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /** The key-values of each line captured, in order. */
    List<Map<String, Object>> lines() {
        return events().stream().map(AuditLogCapture::keyValues).toList();
    }

    /** The key-values of the only line captured. */
    Map<String, Object> onlyLine() {
        List<Map<String, Object>> lines = lines();
        if (lines.size() != 1) {
            throw new AssertionError("expected one audit line, got " + lines.size() + ": " + lines);
        }
        return lines.get(0);
    }

    private static Map<String, Object> keyValues(ILoggingEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            pairs.forEach(pair -> fields.put(pair.key, pair.value));
        }
        return fields;
    }
}
