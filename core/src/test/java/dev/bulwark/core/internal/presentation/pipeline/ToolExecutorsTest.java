package dev.bulwark.core.internal.presentation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Stopping the handlers' executor: the running handlers get their time, then an interrupt. */
class ToolExecutorsTest {

    @Test
    void stoppingWaitsForAHandlerThatEndsInTime() throws Exception {
        ExecutorService executor = ToolExecutors.create();
        CountDownLatch ended = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        executor.execute(() -> {
            // ends only once the stop has begun, so the stop surely had to wait for it
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!executor.isShutdown() && System.nanoTime() < deadline) {
                sleep(5);
            }
            interrupted.set(Thread.currentThread().isInterrupted());
            ended.countDown();
        });

        ToolExecutors.stop(executor, 60);

        assertThat(ended.getCount()).isZero();
        assertThat(interrupted).as("it ended within the wait, uninterrupted").isFalse();
        assertThat(executor.isTerminated()).isTrue();
    }

    @Test
    void stoppingInterruptsAHandlerStillRunningAfterTheWait() throws Exception {
        ExecutorService executor = ToolExecutors.create();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        executor.execute(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        ToolExecutors.stop(executor, 0);

        assertThat(interrupted.await(30, TimeUnit.SECONDS))
                .as("the handler was interrupted")
                .isTrue();
        assertThat(executor.isShutdown()).isTrue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
