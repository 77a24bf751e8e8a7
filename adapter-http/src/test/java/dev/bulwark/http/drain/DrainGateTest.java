package dev.bulwark.http.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

        assertThat(gate.awaitIdle(Duration.ofSeconds(60))).isTrue();
        finisher.join();
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void awaitIdleWakesAsSoonAsManyRequestsEndingTogetherAreAllDone() throws Exception {
        int requests = 16;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> finishers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            assertThat(gate.tryEnter()).isTrue();
            Thread finisher = new Thread(() -> {
                awaitQuietly(go);
                gate.exit();
            });
            finisher.start();
            finishers.add(finisher);
        }
        gate.startDraining();
        CompletableFuture<Boolean> idle = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                idle.complete(gate.awaitIdle(Duration.ofMinutes(10)));
            } catch (InterruptedException e) {
                idle.completeExceptionally(e);
            }
        });
        waiter.setDaemon(true);
        waiter.start();

        go.countDown();

        assertThat(idle.get(60, TimeUnit.SECONDS))
                .as("woken by the last exit, not by the ten-minute grace")
                .isTrue();
        assertThat(gate.inFlight()).isZero();
        for (Thread finisher : finishers) {
            finisher.join();
        }
    }

    @Test
    void aRequestRefusedWhileDrainingDoesNotCount() {
        gate.startDraining();

        gate.tryEnter();

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

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
