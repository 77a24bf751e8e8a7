package dev.bulwark.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.joran.spi.JoranException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/**
 * A log file's lines are byte for byte what the server's reference {@code logback.xml} writes on stderr, stream by
 * stream ({@link ServerLogConfigurator} builds the same stderr encoders as {@link JsonLineEncoder}).
 */
class JsonLineEncoderTest {

    private final LoggerContext server = new LoggerContext();
    private final JsonLineEncoder files = new JsonLineEncoder();

    @BeforeEach
    void configure() throws JoranException {
        LogEvents.configureFromReferenceFile(server);
        files.setContext(server);
        files.start();
    }

    @AfterEach
    void stop() {
        files.stop();
        server.stop();
    }

    @Test
    void aDiagnosticLineIsEncodedAsOnStderr() {
        LoggingEvent event = LogEvents.event("dev.bulwark.core.pipeline.ToolPipeline", Level.WARN, "Tool call failed");
        event.setMDCPropertyMap(Map.of("request_id", "r-1", "tool", "echo", "principal", "ada"));
        event.setKeyValuePairs(new ArrayList<>(List.of(new KeyValuePair("error_type", "internal"))));
        event.setThrowableProxy(
                new ThrowableProxy(new IllegalStateException("outer", new java.io.IOException("inner"))));

        assertThat(text(files, event))
                .isEqualTo(text(LogEvents.stderrEncoder(server, "ASYNC_JSON_STDERR", "JSON_STDERR"), event))
                .contains("\"logger\":")
                .contains("\"stack_trace\":");
    }

    @Test
    void anAuditLineIsEncodedAsOnTheAuditStream() {
        LoggingEvent event = LogEvents.event("dev.bulwark.audit", Level.INFO, "tool call audit");
        event.setMDCPropertyMap(Map.of("request_id", "r-1", "tool", "echo", "principal", "ada", "session", "s-1"));
        event.setKeyValuePairs(new ArrayList<>(List.of(
                new KeyValuePair("principal", "ada"), new KeyValuePair("tool", "echo"),
                new KeyValuePair("request_id", "r-1"), new KeyValuePair("outcome", "ok"))));

        String line = text(files, event);

        assertThat(line)
                .isEqualTo(
                        text(LogEvents.stderrEncoder(server, "ASYNC_AUDIT_JSON_STDERR", "AUDIT_JSON_STDERR"), event));
        assertThat(line.split("\"principal\"", -1)).as("principal written once").hasSize(2);
    }

    @Test
    void theAuditLoggersChildrenAreAuditLinesAndNothingElseIs() {
        assertThat(JsonLineEncoder.isAudit("dev.bulwark.audit")).isTrue();
        assertThat(JsonLineEncoder.isAudit("dev.bulwark.audit.http")).isTrue();
        assertThat(JsonLineEncoder.isAudit("dev.bulwark.auditor")).isFalse();
        assertThat(JsonLineEncoder.isAudit("dev.bulwark.core")).isFalse();
        assertThat(JsonLineEncoder.isAudit(null)).isFalse();
    }

    private static String text(Encoder<ILoggingEvent> encoder, ILoggingEvent event) {
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }
}
