package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.internal.presentation.pipeline.CallCancellation;
import dev.bulwark.ports.security.Principal;
import org.junit.jupiter.api.Test;

/** A cancellation reaches only the call of its own session (or, without sessions, its own caller) and id. */
class InFlightCallsTest {

    private static final Principal ALICE = Principal.of("alice", "tools:read");
    private static final Principal BOB = Principal.of("bob", "tools:read");

    private final InFlightCalls calls = new InFlightCalls();

    @Test
    void aCancellationInTheCallsSessionCancelsIt() {
        CallCancellation call = CallCancellation.create();
        calls.track("s1", ALICE, 3, call);

        calls.cancelled("s1", 3L);

        assertThat(call.isCancelled())
                .as("the id read as an int or a long is the same id")
                .isTrue();
    }

    @Test
    void aCancellationFromAnotherSessionOrWithAnotherIdDoesNothing() {
        CallCancellation call = CallCancellation.create();
        calls.track("s1", ALICE, 3, call);

        calls.cancelled("s2", 3);
        calls.cancelled("s1", "3");
        calls.cancelled("s1", 4);

        assertThat(call.isCancelled()).isFalse();
    }

    @Test
    void withoutSessionsACancellationReachesOnlyItsOwnCallersCall() {
        CallCancellation call = CallCancellation.create();
        calls.track(null, ALICE, "a-1", call);

        calls.cancelledBy(BOB, "a-1");
        assertThat(call.isCancelled()).isFalse();

        calls.cancelledBy(ALICE, "a-1");
        assertThat(call.isCancelled()).isTrue();
    }

    @Test
    void anEndedCallIsForgottenAndAReusedIdReachesTheFirstCallOnly() {
        CallCancellation first = CallCancellation.create();
        CallCancellation reused = CallCancellation.create();
        Runnable endFirst = calls.track("s1", ALICE, 1, first);
        calls.track("s1", ALICE, 1, reused).run();

        calls.cancelled("s1", 1);
        assertThat(first.isCancelled()).isTrue();
        assertThat(reused.isCancelled()).isFalse();

        endFirst.run();
        assertThat(calls.size()).isZero();
    }

    @Test
    void inASessionACancellationThatCameBeforeItsCallCancelsItAsItStarts() {
        calls.cancelled("s1", 9);
        CallCancellation call = CallCancellation.create();

        calls.track("s1", ALICE, 9, call);

        assertThat(call.isCancelled()).isTrue();
    }

    @Test
    void withoutSessionsACancellationThatCameBeforeItsCallIsNotKept() {
        calls.cancelledBy(ALICE, 9);
        CallCancellation call = CallCancellation.create();

        calls.track(null, ALICE, 9, call);

        assertThat(call.isCancelled())
                .as("another client of the same caller may use id 9 too")
                .isFalse();
    }
}
