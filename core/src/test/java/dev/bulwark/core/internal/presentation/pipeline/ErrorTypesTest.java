package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.errorResult;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.textResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ToolTimeoutException;
import dev.bulwark.ports.DependencyUnavailableException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a call ended, as a short bounded label for metrics and logs. */
class ErrorTypesTest {

    @Test
    void knownFailureIsLabelledWithItsOwnType() {
        assertThat(ErrorTypes.of(new ToolTimeoutException("t", Duration.ofSeconds(1))))
                .isEqualTo("timeout");
    }

    @Test
    void portOutageIsADependencyFailure() {
        assertThat(ErrorTypes.of(new DependencyUnavailableException("redis", "down")))
                .isEqualTo("dependency_unavailable");
    }

    @Test
    void anythingElseIsInternal() {
        assertThat(ErrorTypes.of(new IllegalStateException("x"))).isEqualTo(ErrorTypes.INTERNAL);
    }

    @Test
    void successfulResultIsNone() {
        assertThat(ErrorTypes.of(textResult("ok"))).isEqualTo(ErrorTypes.NONE);
    }

    @Test
    void errorResultTheHandlerReturnedIsAToolError() {
        assertThat(ErrorTypes.of(errorResult("nope"))).isEqualTo(ErrorTypes.TOOL_ERROR);
    }

    @Test
    void mappedErrorResultKeepsTheTypeInItsMeta() {
        var mapped = ResultMeta.with(errorResult("slow"), Map.of(ResultMeta.ERROR_TYPE, "timeout"));

        assertThat(ErrorTypes.of(mapped)).isEqualTo("timeout");
    }
}
