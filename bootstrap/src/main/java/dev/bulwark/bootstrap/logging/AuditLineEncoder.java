package dev.bulwark.bootstrap.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.bulwark.ports.audit.AuditRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import net.logstash.logback.encoder.StreamingEncoder;

/**
 * Encodes the audit stream's lines: an audit record's line field by field, any other line with the audit stream's
 * composite encoder, into the same JSON; as bytes, or straight into an appender's stream.
 */
public final class AuditLineEncoder extends EncoderBase<ILoggingEvent> implements StreamingEncoder<ILoggingEvent> {

    private static final SerializedString MESSAGE_FIELD = new SerializedString("message");
    private static final SerializedString MESSAGE = new SerializedString(AuditEvent.MESSAGE);
    private static final SerializedString LOGGER_FIELD = new SerializedString("logger");
    private static final SerializedString LOGGER = new SerializedString(JsonLineEncoder.AUDIT_LOGGER);
    private static final SerializedString THREAD = new SerializedString("thread");
    private static final SerializedString LEVEL_FIELD = new SerializedString("level");
    private static final SerializedString LEVEL = new SerializedString("INFO");
    private static final SerializedString PRINCIPAL = new SerializedString("principal");
    private static final SerializedString KIND = new SerializedString("kind");
    private static final SerializedString TOOL = new SerializedString("tool");
    private static final SerializedString UPSTREAM = new SerializedString("upstream");
    private static final SerializedString OUTCOME = new SerializedString("outcome");
    private static final SerializedString ERROR_TYPE = new SerializedString("error_type");
    private static final SerializedString DURATION = new SerializedString("duration_ms");
    private static final SerializedString REQUEST_ID = new SerializedString("request_id");
    private static final SerializedString PROTOCOL_ERA = new SerializedString("protocol_era");
    private static final SerializedString TRACE_ID = new SerializedString("trace_id");
    private static final SerializedString SPAN_ID = new SerializedString("span_id");
    private static final SerializedString ARGUMENTS = new SerializedString("arguments");

    private final LoggingEventCompositeJsonEncoder other = JsonLineEncoder.compositeAuditEncoder();
    private final LoggingEventFormattedTimestampJsonProvider timestamp =
            new LoggingEventFormattedTimestampJsonProvider();
    /** Its generators' {@code flush} leaves the target's to the appender, which flushes at the end of each batch. */
    private final JsonFactory json = JsonFactory.builder()
            .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            .build();

    private final String lineSeparator = System.lineSeparator();
    /** Each writer thread's generator, reused line after line. */
    private final ThreadLocal<Line> lines = ThreadLocal.withInitial(this::newLine);

    @Override
    public void setContext(Context context) {
        super.setContext(context);
        other.setContext(context);
        timestamp.setContext(context);
    }

    @Override
    public void start() {
        timestamp.setFieldName("timestamp");
        timestamp.start();
        other.start();
        super.start();
    }

    @Override
    public void stop() {
        super.stop();
        other.stop();
        timestamp.stop();
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        if (event instanceof AuditEvent audit) {
            return lines.get().encode(audit);
        }
        return other.encode(event);
    }

    /**
     * Writes the line into {@code out} without an intermediate array: an audit record's line in one {@code write}
     * call when it fits the generator's buffer (8000 bytes), in several when it does not.
     */
    @Override
    public void encode(ILoggingEvent event, OutputStream out) throws IOException {
        if (event instanceof AuditEvent audit) {
            Line line = lines.get();
            try {
                line.write(audit, out);
            } catch (IOException | RuntimeException e) {
                lines.remove(); // its generator is mid-line: the next line starts with a new one
                throw e;
            }
            return;
        }
        other.encode(event, out);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    private Line newLine() {
        try {
            return new Line();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One thread's generator, writing into the stream of the line at hand, and a buffer for lines asked as bytes. */
    private final class Line {

        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        private final Target target = new Target();
        private final JsonGenerator generator;

        Line() throws IOException {
            generator = json.createGenerator(target).setRootValueSeparator(null);
        }

        byte[] encode(AuditEvent event) {
            try {
                write(event, buffer);
                return buffer.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a buffer in memory: never
            } finally {
                buffer.reset();
            }
        }

        void write(AuditEvent event, OutputStream out) throws IOException {
            target.out = out;
            try {
                writeFields(event);
                generator.writeRaw(lineSeparator);
                generator.flush();
            } finally {
                target.out = null;
            }
        }

        private void writeFields(AuditEvent event) throws IOException {
            AuditRecord record = event.record();
            generator.writeStartObject();
            timestamp.writeTo(generator, event);
            generator.writeFieldName(MESSAGE_FIELD);
            generator.writeString(MESSAGE);
            generator.writeFieldName(LOGGER_FIELD);
            generator.writeString(LOGGER);
            generator.writeFieldName(THREAD);
            generator.writeString(record.thread());
            generator.writeFieldName(LEVEL_FIELD);
            generator.writeString(LEVEL);
            generator.writeFieldName(PRINCIPAL);
            generator.writeString(record.principal());
            generator.writeFieldName(KIND);
            generator.writeString(record.kind().label());
            generator.writeFieldName(TOOL);
            generator.writeString(record.tool());
            if (record.upstream() != null) {
                generator.writeFieldName(UPSTREAM);
                generator.writeString(record.upstream());
            }
            generator.writeFieldName(OUTCOME);
            generator.writeString(record.outcome());
            generator.writeFieldName(ERROR_TYPE);
            generator.writeString(record.errorType());
            generator.writeFieldName(DURATION);
            generator.writeNumber(record.durationMillis());
            generator.writeFieldName(REQUEST_ID);
            generator.writeString(record.requestId());
            generator.writeFieldName(PROTOCOL_ERA);
            generator.writeString(record.protocolEra());
            if (record.traceId() != null) {
                generator.writeFieldName(TRACE_ID);
                generator.writeString(record.traceId());
                generator.writeFieldName(SPAN_ID);
                generator.writeString(record.spanId());
            }
            if (record.arguments() != null) {
                generator.writeFieldName(ARGUMENTS);
                generator.writeString(record.arguments());
            }
            generator.writeEndObject();
        }
    }

    /**
     * The stream a thread's generator writes into, pointed at the stream of the line at hand: one generator, and its
     * buffer, serve whatever stream the appender holds.
     */
    private static final class Target extends OutputStream {

        private OutputStream out;

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }
    }
}
