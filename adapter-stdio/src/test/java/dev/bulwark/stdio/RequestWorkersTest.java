package dev.bulwark.stdio;

import static dev.bulwark.stdio.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport's request threads: a request held past its deadline gets a stand-in thread until it returns, so
 * held requests cannot take every thread, and the pool is back to its size afterwards. Conditions are awaited with
 * generous deadlines; nothing is timed.
 */
class RequestWorkersTest {

    private static final int THREADS = 2;

    private final RequestWorkers workers = new RequestWorkers(THREADS);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseEverything() {
        release.countDown();
        workers.shutdown();
    }

    @Test
    void aQueuedRequestRunsOnAStandInWhileEveryThreadIsHeld() throws Exception {
        List<Thread> busy = occupyEveryThread();
        CountDownLatch queuedRan = new CountDownLatch(1);
        workers.execute(queuedRan::countDown);

        workers.standIn(busy.get(0));

        assertThat(queuedRan.await(30, TimeUnit.SECONDS))
                .as("served while both threads are still busy")
                .isTrue();
        assertThat(workers.threadsAllowed()).isEqualTo(THREADS + 1);
    }

    @Test
    void theStandInLeavesOnceTheHeldRequestReturns() throws Exception {
        List<Thread> busy = occupyEveryThread();
        workers.standIn(busy.get(0));
        workers.standIn(busy.get(1));
        assertThat(workers.threadsAllowed()).isEqualTo(THREADS + 2);

        release.countDown();

        eventually("the pool is back to its size", () -> workers.threadsAllowed() == THREADS);
    }

    @Test
    void aRequestReportedTwiceGetsOneStandIn() throws Exception {
        List<Thread> busy = occupyEveryThread();

        workers.standIn(busy.get(0));
        workers.standIn(busy.get(0));

        assertThat(workers.threadsAllowed()).isEqualTo(THREADS + 1);
    }

    @Test
    void aThreadThatIsNotThisPoolsOwnIsIgnored() throws Exception {
        occupyEveryThread();
        RequestWorkers others = new RequestWorkers(1);
        CountDownLatch started = new CountDownLatch(1);
        Thread[] othersThread = new Thread[1];
        others.execute(() -> {
            othersThread[0] = Thread.currentThread();
            started.countDown();
            awaitRelease();
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        workers.standIn(Thread.currentThread());
        workers.standIn(othersThread[0]);

        assertThat(workers.threadsAllowed()).isEqualTo(THREADS);
        others.shutdown();
    }

    @Test
    void aThreadWhoseRequestHasReturnedIsIgnored() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        Thread[] ranOn = new Thread[1];
        workers.execute(() -> {
            ranOn[0] = Thread.currentThread();
            ran.countDown();
        });
        assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
        eventually("its request returned", () -> ranOn[0].getState() != Thread.State.RUNNABLE);

        workers.standIn(ranOn[0]);

        assertThat(workers.threadsAllowed()).isEqualTo(THREADS);
    }

    /** Starts one request per thread that waits for {@link #release}; returns their threads once all run. */
    private List<Thread> occupyEveryThread() throws InterruptedException {
        List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(THREADS);
        for (int i = 0; i < THREADS; i++) {
            workers.execute(() -> {
                threads.add(Thread.currentThread());
                started.countDown();
                awaitRelease();
            });
        }
        assertThat(started.await(30, TimeUnit.SECONDS))
                .as("every thread took a request")
                .isTrue();
        return new ArrayList<>(threads);
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
