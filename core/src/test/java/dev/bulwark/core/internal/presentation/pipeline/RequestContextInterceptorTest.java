package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echo;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echoArgs;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.invocation;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.textResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The request id, tool and principal are in the logging MDC while the call runs, and only then. */
class RequestContextInterceptorTest {

    private final RequestContextInterceptor interceptor = new RequestContextInterceptor();

    @BeforeAll
    static void installMdc() throws ReflectiveOperationException {
        MdcSupport.installWorkingMdc();
    }

    @AfterAll
    static void restoreMdc() throws ReflectiveOperationException {
        MdcSupport.restore();
    }

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void putsRequestIdToolAndPrincipalIntoTheMdcDuringTheCall() {
        AtomicReference<Map<String, String>> seen = new AtomicReference<>();

        SyncCalls.run(interceptor, invocation(echo(), echoArgs("hi")), inv -> {
            seen.set(MDC.getCopyOfContextMap());
            return textResult("ok");
        });

        assertThat(seen.get())
                .containsEntry("request_id", TestTools.REQUEST_ID)
                .containsEntry("tool", "echo")
                .containsEntry("principal", "alice");
    }

    @Test
    void restoresThePreviousMdcAfterTheCall() {
        MDC.put("job", "nightly");

        SyncCalls.run(interceptor, invocation(echo(), echoArgs("hi")), inv -> textResult("ok"));

        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("job", "nightly"));
    }

    @Test
    void leavesAnEmptyMdcEmptyAfterTheCall() {
        SyncCalls.run(interceptor, invocation(echo(), echoArgs("hi")), inv -> textResult("ok"));

        Map<String, String> after = MDC.getCopyOfContextMap();
        assertThat(after == null ? Map.of() : after).isEmpty();
    }

    @Test
    void restoresThePreviousMdcWhenTheCallFails() {
        MDC.put("job", "nightly");

        assertThatThrownBy(() -> SyncCalls.run(interceptor, invocation(echo(), echoArgs("hi")), inv -> {
                    throw new IllegalStateException("boom");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("job", "nightly"));
    }

    @Test
    void returnsTheResultOfTheChain() {
        var result = textResult("ok");

        assertThat(SyncCalls.run(interceptor, invocation(echo(), echoArgs("hi")), inv -> result))
                .isSameAs(result);
    }
}
