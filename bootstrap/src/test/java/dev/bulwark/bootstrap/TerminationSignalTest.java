package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** SIGTERM as {@code main} sees it, before, while and after the server serves. */
class TerminationSignalTest {

    private final CompletableFuture<Integer> haltedWith = new CompletableFuture<>();
    private final AtomicInteger logFlushes = new AtomicInteger();
    private final TerminationSignal signal = new TerminationSignal(
            Duration.ofSeconds(10),
            logFlushes::incrementAndGet,
            haltedWith::complete,
            LoggerFactory.getLogger(TerminationSignalTest.class));

    private CompletableFuture<Void> signalArrives() {
        return CompletableFuture.runAsync(signal::onShutdown);
    }

    private void awaitRequested() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!signal.isRequested() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(signal.isRequested()).isTrue();
    }

    @Test
    void aSignalDuringStartUpEndsTheTransportAsSoonAsItIsThere() throws Exception {
        signalArrives();
        awaitRequested();
        AtomicInteger endings = new AtomicInteger();

        signal.whenRequested(endings::incrementAndGet);

        assertThat(endings).hasValue(1);
    }

    @Test
    void aSignalWhileServingEndsTheTransport() throws Exception {
        AtomicInteger endings = new AtomicInteger();
        signal.whenRequested(endings::incrementAndGet);

        signalArrives();
        awaitRequested();

        // the hook ends the transport just after it marks the signal requested: wait for that, on its thread
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (endings.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(endings).hasValue(1);
    }

    @Test
    void mainWaitingForTheSignalWakesWhenItComes() throws Exception {
        CompletableFuture<Void> main = CompletableFuture.runAsync(signal::awaitRequest);

        signalArrives();

        main.get(30, TimeUnit.SECONDS);
    }

    @Test
    void theProcessEndsWithMainsStatusOnceMainHasStopped() throws Exception {
        signalArrives();
        awaitRequested();
        assertThat(haltedWith).isNotDone();

        signal.stopped(0);

        assertThat(haltedWith.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(logFlushes).hasValue(1);
    }

    @Test
    void aStartFailureAfterTheSignalKeepsItsStatus() throws Exception {
        signalArrives();
        awaitRequested();

        signal.stopped(BulwarkServer.EXIT_START_FAILURE);

        assertThat(haltedWith.get(30, TimeUnit.SECONDS)).isEqualTo(BulwarkServer.EXIT_START_FAILURE);
    }

    @Test
    void aProcessThatEndedOnItsOwnOnlyFlushesItsLogs() {
        signal.stopped(0);

        signal.onShutdown();

        assertThat(haltedWith).isNotDone();
        assertThat(signal.isRequested()).isFalse();
        assertThat(logFlushes).hasValue(1);
    }

    @Test
    void thePatienceSetOnceTheConfigurationIsKnownIsTheOneTheHookWaits() throws Exception {
        signal.patience(Duration.ofMillis(50));

        signal.onShutdown();

        assertThat(haltedWith.get(30, TimeUnit.SECONDS))
                .as("ended after 50 ms, not the first patience")
                .isEqualTo(TerminationSignal.UNFINISHED_STOP);
    }

    @Test
    void theProcessEndsAnywayWhenMainDoesNotStopInTimeAndSaysItWasNotClean() throws Exception {
        TerminationSignal impatient = new TerminationSignal(
                Duration.ofMillis(50),
                () -> {},
                haltedWith::complete,
                LoggerFactory.getLogger(TerminationSignalTest.class));

        impatient.onShutdown();

        assertThat(haltedWith.get(30, TimeUnit.SECONDS)).isEqualTo(143);
    }
}
