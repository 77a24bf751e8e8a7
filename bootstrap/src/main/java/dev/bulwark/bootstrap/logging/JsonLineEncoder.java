package dev.bulwark.bootstrap.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import net.logstash.logback.composite.loggingevent.KeyValuePairsJsonProvider;
import net.logstash.logback.composite.loggingevent.LogLevelJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggerNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders;
import net.logstash.logback.composite.loggingevent.LoggingEventThreadNameJsonProvider;
import net.logstash.logback.composite.loggingevent.MdcJsonProvider;
import net.logstash.logback.composite.loggingevent.MessageJsonProvider;
import net.logstash.logback.composite.loggingevent.StackTraceJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import net.logstash.logback.stacktrace.ShortenedThrowableConverter;

/**
 * Encodes a log line for a log file as the server's log configuration encodes it for stderr.
 */
final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    /** The audit logger: its lines (and its children's) are encoded as the audit stream's. */
    public static final String AUDIT_LOGGER = "dev.bulwark.audit";

    private final Encoder<ILoggingEvent> diagnostic = diagnosticEncoder();
    private final Encoder<ILoggingEvent> audit = auditEncoder();

    @Override
    public void setContext(Context context) {
        super.setContext(context);
        diagnostic.setContext(context);
        audit.setContext(context);
    }

    @Override
    public void start() {
        diagnostic.start();
        audit.start();
        super.start();
    }

    @Override
    public void stop() {
        super.stop();
        diagnostic.stop();
        audit.stop();
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return (isAudit(event.getLoggerName()) ? audit : diagnostic).encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    /** Whether {@code logger} is the audit logger or one of its children. */
    static boolean isAudit(String logger) {
        return logger != null && (logger.equals(AUDIT_LOGGER) || logger.startsWith(AUDIT_LOGGER + "."));
    }

    /** The diagnostic stream's encoder, as {@code JSON_STDERR} in the reference {@code logback.xml}; not started. */
    static LogstashEncoder diagnosticEncoder() {
        LogstashEncoder encoder = new LogstashEncoder();
        LogstashFieldNames fieldNames = new LogstashFieldNames();
        fieldNames.setTimestamp("timestamp");
        fieldNames.setLogger("logger");
        fieldNames.setThread("thread");
        fieldNames.setVersion("[ignore]");
        fieldNames.setLevelValue("[ignore]");
        encoder.setFieldNames(fieldNames);
        encoder.setShortenedLoggerNameLength(36);
        ShortenedThrowableConverter throwables = new ShortenedThrowableConverter();
        throwables.setMaxDepthPerThrowable(30);
        throwables.setRootCauseFirst(true);
        encoder.setThrowableConverter(throwables);
        return encoder;
    }

    /** The audit stream's encoder, as {@code AUDIT_JSON_STDERR} in the reference {@code logback.xml}; not started. */
    static Encoder<ILoggingEvent> auditEncoder() {
        return new AuditLineEncoder();
    }

    /** The audit stream's encoder of a line that is not an audit record's ({@link AuditLineEncoder}); not started. */
    static LoggingEventCompositeJsonEncoder compositeAuditEncoder() {
        LoggingEventCompositeJsonEncoder encoder = new LoggingEventCompositeJsonEncoder();
        LoggingEventJsonProviders providers = new LoggingEventJsonProviders();
        LoggingEventFormattedTimestampJsonProvider timestamp = new LoggingEventFormattedTimestampJsonProvider();
        timestamp.setFieldName("timestamp");
        providers.addTimestamp(timestamp);
        providers.addMessage(new MessageJsonProvider());
        LoggerNameJsonProvider logger = new LoggerNameJsonProvider();
        logger.setFieldName("logger");
        providers.addLoggerName(logger);
        LoggingEventThreadNameJsonProvider thread = new LoggingEventThreadNameJsonProvider();
        thread.setFieldName("thread");
        providers.addThreadName(thread);
        providers.addLogLevel(new LogLevelJsonProvider());
        MdcJsonProvider mdc = new MdcJsonProvider();
        mdc.addExcludeMdcKeyName("request_id");
        mdc.addExcludeMdcKeyName("tool");
        mdc.addExcludeMdcKeyName("principal");
        mdc.addExcludeMdcKeyName("trace_id");
        mdc.addExcludeMdcKeyName("span_id");
        providers.addMdc(mdc);
        providers.addKeyValuePairs(new KeyValuePairsJsonProvider());
        providers.addStackTrace(new StackTraceJsonProvider());
        encoder.setProviders(providers);
        return encoder;
    }
}
