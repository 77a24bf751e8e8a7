package dev.bulwark.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.bulwark.ports.audit.AuditRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.logstash.logback.encoder.StreamingEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/**
 * An audit record's line, written field by field, is byte for byte the line the audit stream's composite encoder
 * writes for the SLF4J event the core's own audit log makes of the same record, whatever its text holds.
 */
class AuditLineEncoderTest {

    private static final Instant ENDED = Instant.parse("2026-11-25T10:15:30.123456Z");

    private final LoggerContext server = new LoggerContext();
    private Encoder<ILoggingEvent> stream;
    private final Encoder<ILoggingEvent> composite = JsonLineEncoder.compositeAuditEncoder();

    @BeforeEach
    void configure() throws JoranException {
        LogEvents.configureFromReferenceFile(server);
        stream = LogEvents.stderrEncoder(server, "ASYNC_AUDIT_JSON_STDERR", "AUDIT_JSON_STDERR");
        composite.setContext(server);
        composite.start();
    }

    @AfterEach
    void stop() {
        composite.stop();
        server.stop();
    }

    @Test
    void theAuditStreamEncodesARecordFieldByField() {
        assertThat(stream).isInstanceOf(AuditLineEncoder.class);
    }

    @Test
    void aRecordIsWrittenAsTheSlf4jLineOfItsFieldsWouldBe() {
        AuditRecord record = record("alice", "echo", "r-1", null, null, null, 42_123);

        String line = text(stream.encode(new AuditEvent(record, server.getLoggerContextRemoteView())));

        assertThat(line).isEqualTo(text(composite.encode(slf4jEvent(record))));
        assertThat(line)
                .startsWith("{\"timestamp\":\"")
                .contains("\"message\":\"call audit\",\"logger\":\"dev.bulwark.audit\",\"thread\":\"bulwark-http-7\""
                        + ",\"level\":\"INFO\",\"principal\":\"alice\",\"kind\":\"tool\",\"tool\":\"echo\""
                        + ",\"outcome\":\"success\""
                        + ",\"error_type\":\"none\",\"duration_ms\":42.123,\"request_id\":\"r-1\""
                        + ",\"protocol_era\":\"2025-11-25\"}")
                .endsWith("}" + System.lineSeparator());
    }

    @Test
    void aTracedRecordWithItsArgumentsIsWrittenAsTheSlf4jLineWouldBe() {
        AuditRecord record = record(
                "alice", "echo", "r-2", "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "{\"a\":\"b\"}", 7);

        assertThat(text(stream.encode(new AuditEvent(record, server.getLoggerContextRemoteView()))))
                .isEqualTo(text(composite.encode(slf4jEvent(record))))
                .contains("\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"span_id\":\"00f067aa0ba902b7\"")
                .contains("\"arguments\":\"{\\\"a\\\":\\\"b\\\"}\"");
    }

    @Test
    void aGatewayCallsRecordNamesItsUpstreamAfterTheTool() {
        AuditRecord record =
                builder("alice", "files_read", "r-5", 7).upstream("files").build();

        assertThat(text(stream.encode(new AuditEvent(record, server.getLoggerContextRemoteView()))))
                .isEqualTo(text(composite.encode(slf4jEvent(record))))
                .contains("\"kind\":\"tool\",\"tool\":\"files_read\",\"upstream\":\"files\",\"outcome\":\"success\"");
    }

    @Test
    void aGatewayPromptGetAndResourceReadNameTheirKindAndUpstream() {
        AuditRecord prompt = builder("alice", "files_summarize", "r-6", 7)
                .kind(AuditRecord.Kind.PROMPT)
                .upstream("files")
                .build();
        AuditRecord read = builder("alice", "notes://files/readme", "r-7", 7)
                .kind(AuditRecord.Kind.RESOURCE)
                .upstream("files")
                .build();

        assertThat(text(stream.encode(new AuditEvent(prompt, server.getLoggerContextRemoteView()))))
                .isEqualTo(text(composite.encode(slf4jEvent(prompt))))
                .contains("\"principal\":\"alice\",\"kind\":\"prompt\",\"tool\":\"files_summarize\""
                        + ",\"upstream\":\"files\",\"outcome\":\"success\"");
        assertThat(text(stream.encode(new AuditEvent(read, server.getLoggerContextRemoteView()))))
                .isEqualTo(text(composite.encode(slf4jEvent(read))))
                .contains("\"principal\":\"alice\",\"kind\":\"resource\",\"tool\":\"notes://files/readme\""
                        + ",\"upstream\":\"files\",\"outcome\":\"success\"");
    }

    @Test
    void textAJsonStringMustEscapeIsEscapedAsTheSlf4jLineEscapesIt() {
        List<String> texts = List.of(
                "quote \" and backslash \\",
                "controls \n\r\t\b\f\u0000\u001f\u007f",
                "accents é ü ß, CJK 漢字, a symbol €",
                "an emoji 😀 (a surrogate pair)",
                "a lone surrogate \ud800 and \udc00",
                "</script> & <!-- -->",
                "");
        for (String text : texts) {
            AuditRecord record = record(text, text, text, text, text, text, 1_234_567_890_123L);
            assertThat(text(stream.encode(new AuditEvent(record, server.getLoggerContextRemoteView()))))
                    .as(text)
                    .isEqualTo(text(composite.encode(slf4jEvent(record))));
        }
    }

    @Test
    void durationsAreWrittenAsTheSlf4jLineWritesThem() {
        for (long micros : new long[] {0, 1, 9, 10, 999, 1_000, 1_001, 123_456, 9_999_999_999L, 10_000_000_000L}) {
            AuditRecord record = record("alice", "echo", "r-3", null, null, null, micros);
            assertThat(text(stream.encode(new AuditEvent(record, server.getLoggerContextRemoteView()))))
                    .as("%d µs", micros)
                    .isEqualTo(text(composite.encode(slf4jEvent(record))));
        }
    }

    @Test
    void aLineStreamedIntoTheAppendersStreamIsTheLineAsBytesInOneWrite() throws IOException {
        AuditEvent event = new AuditEvent(
                record("alice", "echo", "r-5", "t", "s", "{\"a\":\"\u0007\"}", 3), server.getLoggerContextRemoteView());
        CountingStream out = new CountingStream();

        streaming().encode(event, out);

        assertThat(out.text())
                .isEqualTo(text(stream.encode(event)))
                .contains("\\u0007")
                .doesNotContain("\u0007");
        assertThat(out.writes).isEqualTo(1);
        assertThat(out.flushes).as("flushing is the appender's, once a batch").isZero();
    }

    @Test
    void aLineLongerThanTheGeneratorsBufferIsStreamedWholeAndTheNextLineStartsClean() throws IOException {
        String arguments = "{\"text\":\"" + "x".repeat(20_000) + "\"}";
        AuditEvent longLine = new AuditEvent(
                record("alice", "echo", "r-6", null, null, arguments, 3), server.getLoggerContextRemoteView());
        AuditEvent shortLine =
                new AuditEvent(record("bob", "echo", "r-7", null, null, null, 4), server.getLoggerContextRemoteView());
        CountingStream out = new CountingStream();

        streaming().encode(longLine, out);
        streaming().encode(shortLine, out);

        assertThat(out.text()).isEqualTo(text(stream.encode(longLine)) + text(stream.encode(shortLine)));
    }

    @Test
    void aStreamThatFailsMidLineLeavesTheNextLineWhole() throws IOException {
        AuditEvent event = new AuditEvent(
                record("alice", "echo", "r-8", null, null, null, 3), server.getLoggerContextRemoteView());
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                throw new IOException("disk full");
            }
        };
        try {
            streaming().encode(event, broken);
        } catch (IOException expected) {
            // the line is lost with the stream; the next one must not be
        }
        CountingStream out = new CountingStream();

        streaming().encode(event, out);

        assertThat(out.text()).isEqualTo(text(stream.encode(event)));
    }

    @Test
    void anotherLineOfTheAuditStreamIsWrittenByTheCompositeEncoder() {
        LoggingEvent event = LogEvents.event("dev.bulwark.audit.http", Level.INFO, "authentication failed");
        event.setMDCPropertyMap(Map.of("request_id", "r-1", "session", "s-1"));
        event.setKeyValuePairs(new ArrayList<>(List.of(new KeyValuePair("reason", "expired"))));

        assertThat(text(stream.encode(event))).isEqualTo(text(composite.encode(event)));
    }

    @Test
    void theEventCarriesTheRecordsKeyValuesAndTheCallsMdcForOtherEncoders() {
        AuditRecord record = record("alice", "echo", "r-4", "t", "s", null, 5);
        AuditEvent event = new AuditEvent(record, server.getLoggerContextRemoteView());

        assertThat(event.getKeyValuePairs())
                .hasToString(slf4jEvent(record).getKeyValuePairs().toString());
        assertThat(event.getMDCPropertyMap())
                .isEqualTo(Map.of(
                        "request_id", "r-4", "tool", "echo", "principal", "alice", "trace_id", "t", "span_id", "s"));
        assertThat(event.getInstant()).isEqualTo(ENDED);
        assertThat(event.getTimeStamp()).isEqualTo(ENDED.toEpochMilli());
        assertThat(event.getLoggerName()).isEqualTo("dev.bulwark.audit");
        assertThat(event.getFormattedMessage()).isEqualTo("call audit");
    }

    private static AuditRecord record(
            String principal,
            String tool,
            String requestId,
            String traceId,
            String spanId,
            String arguments,
            long micros) {
        return builder(principal, tool, requestId, micros)
                .trace(traceId, spanId)
                .arguments(arguments)
                .build();
    }

    private static AuditRecord.Builder builder(String principal, String tool, String requestId, long micros) {
        return AuditRecord.builder()
                .timestamp(ENDED)
                .thread("bulwark-http-7")
                .principal(principal)
                .tool(tool)
                .outcome("success")
                .errorType("none")
                .durationMicros(micros)
                .requestId(requestId)
                .protocolEra("2025-11-25");
    }

    /** The event the core's SLF4J audit log makes of {@code record}, in the call's MDC, on its thread. */
    private LoggingEvent slf4jEvent(AuditRecord record) {
        LoggingEvent event = new LoggingEvent();
        event.setLoggerContext(server);
        event.setLoggerName("dev.bulwark.audit");
        event.setLevel(Level.INFO);
        event.setMessage("call audit");
        event.setThreadName(record.thread());
        event.setInstant(record.timestamp());
        Map<String, String> mdc = new HashMap<>(
                Map.of("request_id", record.requestId(), "tool", record.tool(), "principal", record.principal()));
        List<KeyValuePair> pairs = new ArrayList<>(List.of(
                new KeyValuePair("principal", record.principal()),
                new KeyValuePair("kind", record.kind().label()),
                new KeyValuePair("tool", record.tool())));
        if (record.upstream() != null) {
            pairs.add(new KeyValuePair("upstream", record.upstream()));
        }
        pairs.addAll(List.of(
                new KeyValuePair("outcome", record.outcome()),
                new KeyValuePair("error_type", record.errorType()),
                new KeyValuePair("duration_ms", record.durationMicros() / 1000.0),
                new KeyValuePair("request_id", record.requestId()),
                new KeyValuePair("protocol_era", record.protocolEra())));
        if (record.traceId() != null) {
            pairs.add(new KeyValuePair("trace_id", record.traceId()));
            pairs.add(new KeyValuePair("span_id", record.spanId()));
            mdc.put("trace_id", record.traceId());
            mdc.put("span_id", record.spanId());
        }
        if (record.arguments() != null) {
            pairs.add(new KeyValuePair("arguments", record.arguments()));
        }
        event.setMDCPropertyMap(mdc);
        event.setKeyValuePairs(pairs);
        return event;
    }

    @SuppressWarnings("unchecked")
    private StreamingEncoder<ILoggingEvent> streaming() {
        assertThat(stream).isInstanceOf(StreamingEncoder.class);
        return (StreamingEncoder<ILoggingEvent>) stream;
    }

    /** A stream that counts the calls it is given. */
    private static final class CountingStream extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writes;
        int flushes;

        @Override
        public void write(int b) {
            writes++;
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int offset, int length) {
            writes++;
            bytes.write(b, offset, length);
        }

        @Override
        public void flush() {
            flushes++;
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
