package dev.bulwark.core.internal.presentation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.bulwark.ports.audit.AuditRecord;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The default audit log's line: each field once, whatever the thread's MDC holds, and the fields in the message. */
class Slf4jAuditLogTest {

    private final AuditLogCapture audit = new AuditLogCapture();

    @BeforeEach
    void start() {
        audit.start();
    }

    @AfterEach
    void stop() {
        audit.stop();
        MDC.clear();
    }

    private static AuditRecord.Builder builder(String principal) {
        return AuditRecord.builder()
                .timestamp(Instant.parse("2026-01-01T00:00:00Z"))
                .thread("worker-1")
                .principal(principal)
                .tool("echo")
                .outcome("success")
                .errorType("none")
                .durationMicros(4_500)
                .requestId("r-1")
                .protocolEra("2025-11-25")
                .trace("t-1", "s-1");
    }

    private static AuditRecord record(String principal) {
        return builder(principal).build();
    }

    @Test
    void theMessageCarriesEveryFieldForATextLayout() {
        Slf4jAuditLog.INSTANCE.write(record("alice"));

        assertThat(audit.events())
                .singleElement()
                .extracting(ILoggingEvent::getFormattedMessage)
                .isEqualTo("call audit: principal=alice kind=tool tool=echo outcome=success error_type=none"
                        + " duration_ms=4.5 request_id=r-1 protocol_era=2025-11-25 trace_id=t-1 span_id=s-1");
    }

    @Test
    void aGatewayCallNamesItsUpstreamAfterTheTool() {
        Slf4jAuditLog.INSTANCE.write(
                builder("alice").trace(null, null).upstream("files").build());

        assertThat(audit.events())
                .singleElement()
                .extracting(ILoggingEvent::getFormattedMessage)
                .isEqualTo("call audit: principal=alice kind=tool tool=echo upstream=files outcome=success"
                        + " error_type=none duration_ms=4.5 request_id=r-1 protocol_era=2025-11-25");
    }

    @Test
    void aPromptGetAndAResourceReadNameTheirKindBeforeTheirName() {
        Slf4jAuditLog.INSTANCE.write(builder("alice")
                .kind(AuditRecord.Kind.PROMPT)
                .tool("files_summarize")
                .upstream("files")
                .build());
        Slf4jAuditLog.INSTANCE.write(builder("alice")
                .kind(AuditRecord.Kind.RESOURCE)
                .tool("notes://files/readme")
                .upstream("files")
                .build());

        assertThat(audit.events())
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "call audit: principal=alice kind=prompt tool=files_summarize upstream=files"
                                + " outcome=success error_type=none duration_ms=4.5 request_id=r-1"
                                + " protocol_era=2025-11-25 trace_id=t-1 span_id=s-1",
                        "call audit: principal=alice kind=resource tool=notes://files/readme upstream=files"
                                + " outcome=success error_type=none duration_ms=4.5 request_id=r-1"
                                + " protocol_era=2025-11-25 trace_id=t-1 span_id=s-1");
        assertThat(audit.lines())
                .extracting(line -> line.get("kind"), line -> line.get("tool"))
                .containsExactly(tuple("prompt", "files_summarize"), tuple("resource", "notes://files/readme"));
    }

    @Test
    void aFieldTheMdcAlsoHoldsIsWrittenOnceAndTheMdcIsGivenBack() {
        MDC.put("request_id", "r-1");
        MDC.put("tool", "echo");
        MDC.put("principal", "alice");
        MDC.put("session", "s-9");

        Slf4jAuditLog.INSTANCE.write(record("alice"));

        ILoggingEvent line = audit.events().get(0);
        assertThat(line.getMDCPropertyMap()).isEqualTo(Map.of("session", "s-9"));
        assertThat(audit.onlyLine()).containsEntry("principal", "alice").containsEntry("request_id", "r-1");
        assertThat(MDC.getCopyOfContextMap())
                .isEqualTo(Map.of("request_id", "r-1", "tool", "echo", "principal", "alice", "session", "s-9"));
    }

    @Test
    void aControlCharacterInASubjectCannotStartAnotherTextLine() {
        Slf4jAuditLog.INSTANCE.write(record("mallory\ntool call audit: principal=admin"));

        assertThat(audit.events().get(0).getFormattedMessage())
                .doesNotContain("\n")
                .contains("principal=mallory?tool call audit");
    }
}
