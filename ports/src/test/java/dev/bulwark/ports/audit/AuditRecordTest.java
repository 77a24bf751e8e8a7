package dev.bulwark.ports.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A record is built whole or not at all: a missing required component is named, a kind left out is a tool. */
class AuditRecordTest {

    private static final Instant ENDED = Instant.parse("2026-11-25T10:15:30Z");

    private static AuditRecord.Builder complete() {
        return AuditRecord.builder()
                .timestamp(ENDED)
                .thread("bulwark-http-1")
                .principal("alice")
                .tool("echo")
                .outcome("success")
                .errorType("none")
                .durationMicros(1_500)
                .requestId("r-1")
                .protocolEra("2025-11-25");
    }

    @Test
    void aRecordBuiltWithoutAKindIsAToolCallsWithNothingOptional() {
        AuditRecord record = complete().build();

        assertThat(record.kind()).isEqualTo(AuditRecord.Kind.TOOL);
        assertThat(record.timestamp()).isEqualTo(ENDED);
        assertThat(record.thread()).isEqualTo("bulwark-http-1");
        assertThat(record.principal()).isEqualTo("alice");
        assertThat(record.tool()).isEqualTo("echo");
        assertThat(record.outcome()).isEqualTo("success");
        assertThat(record.errorType()).isEqualTo("none");
        assertThat(record.durationMicros()).isEqualTo(1_500);
        assertThat(record.durationMillis()).isEqualTo(1.5);
        assertThat(record.requestId()).isEqualTo("r-1");
        assertThat(record.protocolEra()).isEqualTo("2025-11-25");
        assertThat(record.traceId()).isNull();
        assertThat(record.spanId()).isNull();
        assertThat(record.arguments()).isNull();
        assertThat(record.upstream()).isNull();
    }

    @Test
    void everyOptionalComponentIsKeptAsGiven() {
        AuditRecord record = complete()
                .kind(AuditRecord.Kind.RESOURCE)
                .tool("notes://files/readme")
                .trace("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7")
                .arguments("{\"a\":\"b\"}")
                .upstream("files")
                .build();

        assertThat(record.kind()).isEqualTo(AuditRecord.Kind.RESOURCE);
        assertThat(record.tool()).isEqualTo("notes://files/readme");
        assertThat(record.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(record.spanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(record.arguments()).isEqualTo("{\"a\":\"b\"}");
        assertThat(record.upstream()).isEqualTo("files");
    }

    @Test
    void eachKindIsWrittenInLowerCase() {
        assertThat(AuditRecord.Kind.values())
                .extracting(AuditRecord.Kind::label)
                .containsExactly("tool", "prompt", "resource", "completion");
    }

    @Test
    void aMissingRequiredComponentIsNamed() {
        assertMissing("timestamp", builder -> builder.timestamp(null));
        assertMissing("thread", builder -> builder.thread(null));
        assertMissing("principal", builder -> builder.principal(null));
        assertMissing("kind", builder -> builder.kind(null));
        assertMissing("tool", builder -> builder.tool(null));
        assertMissing("outcome", builder -> builder.outcome(null));
        assertMissing("errorType", builder -> builder.errorType(null));
        assertMissing("requestId", builder -> builder.requestId(null));
        assertMissing("protocolEra", builder -> builder.protocolEra(null));
    }

    @Test
    void aDurationLeftUnsetIsNamedRatherThanWrittenAsZero() {
        AuditRecord.Builder builder = AuditRecord.builder()
                .timestamp(ENDED)
                .thread("bulwark-http-1")
                .principal("alice")
                .tool("echo")
                .outcome("success")
                .errorType("none")
                .requestId("r-1")
                .protocolEra("2025-11-25");

        assertThatNullPointerException()
                .isThrownBy(builder::build)
                .withMessage("An audit record needs its durationMicros");
    }

    private static void assertMissing(String component, UnaryOperator<AuditRecord.Builder> unset) {
        assertThatNullPointerException()
                .as(component)
                .isThrownBy(() -> unset.apply(complete()).build())
                .withMessage("An audit record needs its " + component);
    }
}
