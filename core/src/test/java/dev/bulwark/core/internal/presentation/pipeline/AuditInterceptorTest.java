package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echo;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echoArgs;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.invocation;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.textResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.AccessDeniedException;
import dev.bulwark.test.fakes.ManualTicker;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One audit line per tool call on its own logger, with who called what and how it ended; arguments only on demand. */
class AuditInterceptorTest {

    private final ManualTicker ticker = new ManualTicker();
    private final ObjectMapper mapper = new ObjectMapper();
    private final AuditLogCapture audit = new AuditLogCapture();

    @BeforeEach
    void capture() {
        audit.start();
    }

    @AfterEach
    void release() {
        audit.stop();
    }

    private AuditInterceptor interceptor(boolean includeArguments) {
        return new AuditInterceptor(ticker, mapper, includeArguments);
    }

    @Test
    void successfulCallIsRecordedWithPrincipalToolOutcomeDurationAndRequestId() {
        SyncCalls.run(interceptor(false), invocation(echo(), echoArgs("hi")), inv -> {
            ticker.advance(Duration.ofMillis(42));
            return textResult("ok");
        });

        assertThat(audit.onlyLine())
                .containsEntry("principal", "alice")
                .containsEntry("kind", "tool")
                .containsEntry("tool", "echo")
                .containsEntry("outcome", "success")
                .containsEntry("error_type", ErrorTypes.NONE)
                .containsEntry("duration_ms", 42.0)
                .containsEntry("request_id", TestTools.REQUEST_ID);
    }

    @Test
    void errorResultIsRecordedWithItsErrorType() {
        SyncCalls.run(
                interceptor(false),
                invocation(echo(), echoArgs("hi")),
                inv -> ErrorMappingInterceptor.toResult(inv, new AccessDeniedException("echo", Set.of("admin"))));

        assertThat(audit.onlyLine()).containsEntry("outcome", "error").containsEntry("error_type", "permission_denied");
    }

    @Test
    void aCallItsClientCancelledIsRecordedAsCancelledNotAsAnError() {
        SyncCalls.run(
                interceptor(false),
                invocation(echo(), echoArgs("hi")),
                inv -> ErrorMappingInterceptor.toResult(inv, new dev.bulwark.core.ToolCancelledException("echo")));

        assertThat(audit.onlyLine()).containsEntry("outcome", "cancelled").containsEntry("error_type", "cancelled");
    }

    @Test
    void failureThatEscapesTheChainIsRecordedAndRethrown() {
        assertThatThrownBy(() -> SyncCalls.run(interceptor(false), invocation(echo(), echoArgs("hi")), inv -> {
                    throw new IllegalStateException("boom");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(audit.onlyLine()).containsEntry("outcome", "error").containsEntry("error_type", ErrorTypes.INTERNAL);
    }

    @Test
    void linesAreWrittenAtInfoOnTheAuditLogger() {
        SyncCalls.run(interceptor(false), invocation(echo(), echoArgs("hi")), inv -> textResult("ok"));

        assertThat(audit.events()).singleElement().satisfies(event -> {
            assertThat(event.getLoggerName()).isEqualTo("dev.bulwark.audit");
            assertThat(event.getLevel()).isEqualTo(Level.INFO);
        });
    }

    @Test
    void argumentValuesAreLeftOutByDefault() {
        SyncCalls.run(interceptor(false), invocation(echo(), echoArgs("secret-value")), inv -> textResult("ok"));

        assertThat(audit.onlyLine()).doesNotContainKey("arguments");
        assertThat(audit.events())
                .singleElement()
                .satisfies(event -> assertThat(event.toString()).doesNotContain("secret-value"));
    }

    @Test
    void argumentsAreAddedAsJsonTextWhenConfigured() throws Exception {
        SyncCalls.run(interceptor(true), invocation(echo(), echoArgs("hi")), inv -> textResult("ok"));

        Object arguments = audit.onlyLine().get("arguments");
        assertThat(arguments).isInstanceOf(String.class);
        assertThat(mapper.readValue((String) arguments, Map.class)).isEqualTo(Map.of("text", "hi", "times", 1));
    }
}
