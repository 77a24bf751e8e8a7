package dev.bulwark.promises;

import ch.qos.logback.classic.Level;
import java.util.List;
import java.util.Map;

/**
 * One line a server logged, read the way its operator reads it: an event captured in the test's own process, or a
 * JSON line of a server process's output.
 *
 * @param logger the logger's name
 * @param level its level
 * @param fields the names of its fields beside the message, in order, a name given twice listed twice: an event's
 *     key-value pairs and MDC, a JSON line's keys
 * @param values the value of each field, as text
 * @param text all of its text: message, fields, stack trace
 */
record LogLine(String logger, Level level, List<String> fields, Map<String, String> values, String text) {

    /** The value of the field {@code key}, or null. */
    String value(String key) {
        return values.get(key);
    }

    /** Whether it is a line of the audit logger. */
    boolean isAudit() {
        return logger.equals(LogCapture.AUDIT_LOGGER);
    }
}
