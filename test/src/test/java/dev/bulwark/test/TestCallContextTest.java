package dev.bulwark.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.CallContext;
import org.junit.jupiter.api.Test;

/** A test's call context answers as a direct call, or as a task when the test asks for one. */
class TestCallContextTest {

    /** A handler's rule: an export runs only as a task, never on the caller's own request. */
    private static String export(CallContext context) {
        return context.runsAsTask() ? "exported" : "refused: run it as a task";
    }

    @Test
    void aCallRunsDirectlyUnlessTheTestRunsItAsATask() {
        TestCallContext direct = new TestCallContext("export", "reports:read");

        assertThat(export(direct)).isEqualTo("refused: run it as a task");
        assertThat(export(direct.asTask())).isEqualTo("exported");
        assertThat(direct.asTask().principal()).isEqualTo(direct.principal());
        assertThat(direct.asTask().toolName()).isEqualTo("export");
    }

    /** A handler's rule: it asks for the roots only when the client can answer. */
    private static String scope(CallContext context) {
        return context.canAskClient("roots") ? "asks for roots" : "searches everywhere";
    }

    @Test
    void aCallsClientCanBeAskedOnlyForWhatTheTestDeclares() {
        TestCallContext call = new TestCallContext("search");

        assertThat(scope(call)).isEqualTo("searches everywhere");
        assertThat(scope(call.declaring("roots"))).isEqualTo("asks for roots");
        assertThat(call.declaring("roots").canAskClient("sampling")).isFalse();
        assertThat(call.declaring("roots").asTask().canAskClient("roots")).isTrue();
    }
}
