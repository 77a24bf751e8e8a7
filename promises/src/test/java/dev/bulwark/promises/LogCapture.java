package dev.bulwark.promises;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import dev.bulwark.outbound.FakeService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Every event every logger of the test's own process writes while it is open, at every level (TRACE), each kept as
 * the event and as the whole text a log line could carry (message, key-value pairs, MDC, stack trace): the log of a
 * door whose server runs in the test's process. Closing it restores the levels.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements LogWatch {

    /** The logger of the audit lines. */
    static final String AUDIT_LOGGER = "dev.bulwark.audit";

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Map<Logger, Level> levelsBefore = new HashMap<>();
    private final List<Captured> events = new CopyOnWriteArrayList<>();

    /** One event: its logger, its level, its key-value pairs, its MDC, and all of its text. */
    record Captured(String logger, Level level, List<KeyValuePair> keyValues, Map<String, String> mdc, String text) {

        /** The value of the key-value pair {@code key}, or null. */
        String value(String key) {
            return keyValues.stream()
                    .filter(pair -> pair.key.equals(key))
                    .map(pair -> String.valueOf(pair.value))
                    .findFirst()
                    .orElse(null);
        }
    }

    private LogCapture() {}

    /** Starts capturing every logger at TRACE. */
    static LogCapture everythingAtTrace() {
        LogCapture capture = new LogCapture();
        capture.setContext(capture.context);
        capture.setName("promises");
        capture.start();
        for (Logger logger : capture.context.getLoggerList()) {
            capture.levelsBefore.put(logger, logger.getLevel());
            if (!logger.getName().equals(Logger.ROOT_LOGGER_NAME)) {
                logger.setLevel(null);
            }
        }
        Logger root = capture.context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.TRACE);
        root.addAppender(capture);
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getThreadName().startsWith(FakeService.THREAD_NAME)) {
            return; // the upstream service's own logs: in production it is another process
        }
        List<KeyValuePair> pairs = event.getKeyValuePairs() == null ? List.of() : List.copyOf(event.getKeyValuePairs());
        Map<String, String> mdc = Map.copyOf(event.getMDCPropertyMap());
        StringBuilder text =
                new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
        pairs.forEach(pair -> text.append(' ').append(pair.key).append('=').append(pair.value));
        mdc.forEach((key, value) -> text.append(' ').append(key).append('=').append(value));
        if (event.getThrowableProxy() != null) {
            text.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        events.add(new Captured(event.getLoggerName(), event.getLevel(), pairs, mdc, text.toString()));
    }

    /** Everything captured so far. */
    List<Captured> events() {
        return List.copyOf(events);
    }

    /** Everything captured so far, as log lines: an event's fields are its key-value pairs, then its MDC. */
    @Override
    public List<LogLine> lines() {
        return events.stream().map(LogCapture::line).toList();
    }

    private static LogLine line(Captured event) {
        List<String> fields = new ArrayList<>();
        Map<String, String> values = new HashMap<>(event.mdc());
        event.mdc().keySet().forEach(fields::add);
        for (KeyValuePair pair : event.keyValues()) {
            fields.add(pair.key);
            values.put(pair.key, String.valueOf(pair.value));
        }
        return new LogLine(event.logger(), event.level(), List.copyOf(fields), values, event.text());
    }

    @Override
    public void close() {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(this);
        stop();
        levelsBefore.forEach(Logger::setLevel);
    }
}
