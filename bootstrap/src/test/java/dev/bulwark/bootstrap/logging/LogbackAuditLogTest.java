package dev.bulwark.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import dev.bulwark.ports.audit.AuditRecord;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;

/** A record reaches the audit logger's appenders as its event, when Logback would let an INFO line of it through. */
class LogbackAuditLogTest {

    private final LoggerContext context = new LoggerContext();
    private final Logger audit = context.getLogger(JsonLineEncoder.AUDIT_LOGGER);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final LogbackAuditLog log = new LogbackAuditLog(context);
    private final AuditRecord record = AuditRecord.builder()
            .timestamp(Instant.parse("2026-11-25T10:15:30Z"))
            .thread("bulwark-http-1")
            .principal("alice")
            .tool("echo")
            .outcome("success")
            .errorType("none")
            .durationMicros(1_500)
            .requestId("r-1")
            .protocolEra("2025-11-25")
            .build();

    @BeforeEach
    void attach() {
        lines.setContext(context);
        lines.start();
        audit.setLevel(Level.INFO);
        audit.addAppender(lines);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void aRecordReachesTheAuditLoggersAppendersAsItsEvent() {
        log.write(record);

        assertThat(lines.list).singleElement().satisfies(event -> {
            assertThat(event.getLoggerName()).isEqualTo("dev.bulwark.audit");
            assertThat(event.getLevel()).isEqualTo(Level.INFO);
            assertThat(event.getThreadName()).isEqualTo("bulwark-http-1");
            assertThat(event.getKeyValuePairs())
                    .extracting(pair -> pair.key + "=" + pair.value)
                    .containsExactly(
                            "principal=alice",
                            "kind=tool",
                            "tool=echo",
                            "outcome=success",
                            "error_type=none",
                            "duration_ms=1.5",
                            "request_id=r-1",
                            "protocol_era=2025-11-25");
        });
    }

    @Test
    void nothingIsHandedOverWhileTheAuditLoggerIsOff() {
        audit.setLevel(Level.OFF);

        log.write(record);

        assertThat(lines.list).isEmpty();
    }

    @Test
    void aTurboFilterDecidesAsItDoesForAnyLine() {
        context.addTurboFilter(new TurboFilter() {
            @Override
            public FilterReply decide(
                    Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
                return "call audit".equals(format) ? FilterReply.DENY : FilterReply.NEUTRAL;
            }
        });
        context.getTurboFilterList().forEach(TurboFilter::start);

        log.write(record);

        assertThat(lines.list).isEmpty();
    }
}
