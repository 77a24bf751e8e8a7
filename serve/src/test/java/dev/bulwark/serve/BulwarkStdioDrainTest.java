package dev.bulwark.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BulwarkStdioDrainTest {

    @Test
    void theEndOfASessionWaitsForItsCallsTheToolTimeoutAndFiveSecondsMore() {
        // A call running when stdin closed lost its timeout's answer: the drain (30 s) ended with the default timeout.
        assertThat(BulwarkStdio.drainTimeout(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(35));
        assertThat(BulwarkStdio.drainTimeout(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void theDrainStaysWithinTheStopThatTheServerJarGives() {
        assertThat(BulwarkStdio.drainTimeout(Duration.ofMinutes(10))).isEqualTo(BulwarkStdio.MAX_DRAIN);
        assertThat(BulwarkStdio.MAX_DRAIN).isLessThan(Duration.ofSeconds(45));
    }
}
