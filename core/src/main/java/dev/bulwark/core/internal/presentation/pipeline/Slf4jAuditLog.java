package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.ports.audit.AuditLog;
import dev.bulwark.ports.audit.AuditRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/** Writes each audit record as one INFO line on the SLF4J logger {@value #LOGGER_NAME}. Thread-safe. */
public final class Slf4jAuditLog implements AuditLog {

    /** The name of the audit logger. */
    public static final String LOGGER_NAME = "dev.bulwark.audit";

    /** The one instance: it holds nothing but the logger. */
    public static final Slf4jAuditLog INSTANCE = new Slf4jAuditLog();

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

    private Slf4jAuditLog() {}

    @Override
    public void write(AuditRecord record) {
        LoggingEventBuilder event = LOG.atInfo()
                .addKeyValue("principal", record.principal())
                .addKeyValue("tool", record.tool())
                .addKeyValue("outcome", record.outcome())
                .addKeyValue("error_type", record.errorType())
                .addKeyValue("duration_ms", record.durationMillis())
                .addKeyValue("request_id", record.requestId())
                .addKeyValue("protocol_era", record.protocolEra());
        if (record.traceId() != null) {
            event = event.addKeyValue(TracingInterceptor.TRACE_ID, record.traceId())
                    .addKeyValue(TracingInterceptor.SPAN_ID, record.spanId());
        }
        if (record.arguments() != null) {
            event = event.addKeyValue("arguments", record.arguments());
        }
        event.log("tool call audit");
    }
}
