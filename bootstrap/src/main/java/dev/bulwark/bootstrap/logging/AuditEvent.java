package dev.bulwark.bootstrap.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.CallerData;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import dev.bulwark.ports.audit.AuditRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * An audit record as a Logback event of the audit logger: the line the core's SLF4J audit log would write for it.
 * Immutable; thread-safe.
 */
final class AuditEvent implements ILoggingEvent {

    static final String MESSAGE = "call audit";

    private final AuditRecord record;
    private final LoggerContextVO context;

    AuditEvent(AuditRecord record, LoggerContextVO context) {
        this.record = record;
        this.context = context;
    }

    AuditRecord record() {
        return record;
    }

    @Override
    public String getThreadName() {
        return record.thread();
    }

    @Override
    public Level getLevel() {
        return Level.INFO;
    }

    @Override
    public String getMessage() {
        return MESSAGE;
    }

    @Override
    public Object[] getArgumentArray() {
        return null;
    }

    @Override
    public String getFormattedMessage() {
        return MESSAGE;
    }

    @Override
    public String getLoggerName() {
        return JsonLineEncoder.AUDIT_LOGGER;
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return context;
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        return null;
    }

    @Override
    public StackTraceElement[] getCallerData() {
        return CallerData.EMPTY_CALLER_DATA_ARRAY;
    }

    @Override
    public boolean hasCallerData() {
        return false;
    }

    @Override
    public List<Marker> getMarkerList() {
        return null;
    }

    /** The MDC keys the pipeline puts for the call, with the record's values: the MDC the line was made in. */
    @Override
    public Map<String, String> getMDCPropertyMap() {
        Map<String, String> mdc = new HashMap<>();
        mdc.put("request_id", record.requestId());
        mdc.put("tool", record.tool());
        mdc.put("principal", record.principal());
        if (record.traceId() != null) {
            mdc.put("trace_id", record.traceId());
            mdc.put("span_id", record.spanId());
        }
        return mdc;
    }

    @Override
    public Map<String, String> getMdc() {
        return getMDCPropertyMap();
    }

    @Override
    public long getTimeStamp() {
        return record.timestamp().toEpochMilli();
    }

    @Override
    public int getNanoseconds() {
        return record.timestamp().getNano();
    }

    @Override
    public Instant getInstant() {
        return record.timestamp();
    }

    @Override
    public long getSequenceNumber() {
        return 0;
    }

    /** The record's fields as the line's key-values, in the line's order. */
    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        List<KeyValuePair> pairs = new ArrayList<>(12);
        pairs.add(new KeyValuePair("principal", record.principal()));
        pairs.add(new KeyValuePair("kind", record.kind().label()));
        pairs.add(new KeyValuePair("tool", record.tool()));
        if (record.upstream() != null) {
            pairs.add(new KeyValuePair("upstream", record.upstream()));
        }
        pairs.add(new KeyValuePair("outcome", record.outcome()));
        pairs.add(new KeyValuePair("error_type", record.errorType()));
        pairs.add(new KeyValuePair("duration_ms", record.durationMillis()));
        pairs.add(new KeyValuePair("request_id", record.requestId()));
        pairs.add(new KeyValuePair("protocol_era", record.protocolEra()));
        if (record.traceId() != null) {
            pairs.add(new KeyValuePair("trace_id", record.traceId()));
            pairs.add(new KeyValuePair("span_id", record.spanId()));
        }
        if (record.arguments() != null) {
            pairs.add(new KeyValuePair("arguments", record.arguments()));
        }
        return pairs;
    }

    /** Nothing to do: the record holds every value already. */
    @Override
    public void prepareForDeferredProcessing() {}

    @Override
    public String toString() {
        return "[INFO] " + MESSAGE + " " + getKeyValuePairs();
    }
}
