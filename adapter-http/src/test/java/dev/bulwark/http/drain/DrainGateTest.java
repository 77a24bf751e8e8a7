package dev.bulwark.http.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Admission and in-flight counting for the graceful drain. */
class DrainGateTest {

    private final DrainGate gate = new DrainGate();

    @Test
    void admitsAndCountsUntilDraining() {
        assertThat(gate.tryEnter()).isTrue();
        assertThat(gate.inFlight()).isEqualTo(1);

        gate.startDraining();

        assertThat(gate.tryEnter()).isFalse();
        assertThat(gate.inFlight()).isEqualTo(1);
    }

    @Test
    void awaitIdleReturnsOnceTheLastAdmittedRequestEnds() throws Exception {
        gate.tryEnter();
        gate.startDraining();
        Thread finisher = new Thread(gate::exit);
        finisher.start();

        assertThat(gate.awaitIdle(Duration.ofSeconds(10))).isTrue();
        finisher.join();
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void awaitIdleGivesUpAfterTheGrace() throws Exception {
        gate.tryEnter();
        gate.startDraining();

        assertThat(gate.awaitIdle(Duration.ofMillis(20))).isFalse();
    }

    @Test
    void awaitIdleWithNothingInFlightReturnsAtOnce() throws Exception {
        gate.startDraining();

        assertThat(gate.awaitIdle(Duration.ZERO)).isTrue();
    }
}
