package dev.bulwark.tools.business.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.test.TestCallContext;
import org.junit.jupiter.api.Test;

/** A gateway call's relay tells an upstream only the client features its caller declared. */
class CallerRelayTest {

    @Test
    void anUpstreamIsToldTheFeaturesTheCallerDeclaredAndNoOthers() {
        TestCallContext call = new TestCallContext("up_consult");

        assertThat(new CallerRelay(call).features()).isEmpty();
        assertThat(new CallerRelay(call.declaring("elicitation", "roots")).features())
                .containsExactlyInAnyOrder("elicitation", "roots");
        assertThat(new CallerRelay(call.declaring("sampling")).inRounds().features())
                .containsExactly("sampling");
    }
}
