package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.ports.audit.AuditLog;
import dev.bulwark.ports.audit.AuditRecord;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes each audit record as one INFO line on the SLF4J logger {@value #LOGGER_NAME}: its fields as key-values, and
 * the same fields in the message, so a text layout that prints only the message shows them too. Thread-safe.
 */
public final class Slf4jAuditLog implements AuditLog {

    /** The name of the audit logger. */
    public static final String LOGGER_NAME = "dev.bulwark.audit";

    /** The message's pattern: its one argument renders the record's fields as {@code name=value} pairs. */
    public static final String MESSAGE = "call audit: {}";

    /** The one instance: it holds nothing but the logger. */
    public static final Slf4jAuditLog INSTANCE = new Slf4jAuditLog();

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

    private Slf4jAuditLog() {}

    @Override
    public void write(AuditRecord record) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        List<String> names = new ArrayList<>(12);
        LoggingEventBuilder event = LOG.atInfo().setMessage(MESSAGE).addArgument(new Fields(record));
        event = add(event, names, "principal", record.principal());
        event = add(event, names, "kind", record.kind().label());
        event = add(event, names, "tool", record.tool());
        if (record.upstream() != null) {
            event = add(event, names, "upstream", record.upstream());
        }
        event = add(event, names, "outcome", record.outcome());
        event = add(event, names, "error_type", record.errorType());
        event = add(event, names, "duration_ms", record.durationMillis());
        event = add(event, names, "request_id", record.requestId());
        event = add(event, names, "protocol_era", record.protocolEra());
        if (record.traceId() != null) {
            event = add(event, names, TracingInterceptor.TRACE_ID, record.traceId());
            event = add(event, names, TracingInterceptor.SPAN_ID, record.spanId());
        }
        if (record.arguments() != null) {
            event = add(event, names, "arguments", record.arguments());
        }
        logOnce(event, names);
    }

    private static LoggingEventBuilder add(LoggingEventBuilder event, List<String> names, String name, Object value) {
        names.add(name);
        return event.addKeyValue(name, value);
    }

    /**
     * Logs {@code event} with the MDC keys it writes as key-values taken out meanwhile (the pipeline puts
     * {@code request_id}, {@code tool}, {@code principal} and the trace ids there): a layout that writes both the MDC
     * and the key-values, as Spring Boot's structured formats (ECS, Logstash, GELF) do, then writes each field once,
     * where a duplicate would make it refuse the whole line. The keys are put back as they were.
     */
    private static void logOnce(LoggingEventBuilder event, List<String> names) {
        List<String[]> taken = null;
        for (String name : names) {
            String value = MDC.get(name);
            if (value != null) {
                if (taken == null) {
                    taken = new ArrayList<>(5);
                }
                taken.add(new String[] {name, value});
                MDC.remove(name);
            }
        }
        try {
            event.log();
        } finally {
            if (taken != null) {
                for (String[] entry : taken) {
                    MDC.put(entry[0], entry[1]);
                }
            }
        }
    }

    /** The record's fields as the message shows them, rendered only when a layout formats the message. */
    private record Fields(AuditRecord record) {

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(160);
            pair(text, "principal", record.principal());
            pair(text, "kind", record.kind().label());
            pair(text, "tool", record.tool());
            if (record.upstream() != null) {
                pair(text, "upstream", record.upstream());
            }
            pair(text, "outcome", record.outcome());
            pair(text, "error_type", record.errorType());
            pair(text, "duration_ms", record.durationMillis());
            pair(text, "request_id", record.requestId());
            pair(text, "protocol_era", record.protocolEra());
            if (record.traceId() != null) {
                pair(text, TracingInterceptor.TRACE_ID, record.traceId());
                pair(text, TracingInterceptor.SPAN_ID, record.spanId());
            }
            if (record.arguments() != null) {
                pair(text, "arguments", record.arguments());
            }
            return text.toString();
        }

        /** {@code name=value}, space-separated; a control character (a caller may choose a subject) as {@code ?}. */
        private static void pair(StringBuilder text, String name, Object value) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(name).append('=');
            String shown = String.valueOf(value);
            for (int i = 0; i < shown.length(); i++) {
                char c = shown.charAt(i);
                text.append(c < 0x20 || c == 0x7f ? '?' : c);
            }
        }
    }
}
