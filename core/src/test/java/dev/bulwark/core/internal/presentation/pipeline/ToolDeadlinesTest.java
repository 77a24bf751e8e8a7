package dev.bulwark.core.internal.presentation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The deadline timer: a deadline's task runs once its delay has passed, on the timer's thread; a cancelled one never
 * runs; a task that throws does not stop the timer; cancelled deadlines are forgotten; the timer wakes again after it
 * slept with none, and sleeps only after a whole tick with none set. Order is shown by a later deadline, never by
 * waiting a fixed time; a test that drives the timer itself reads the clock so that a pause between two lines (a
 * shared machine's) cannot change what it sees.
 */
class ToolDeadlinesTest {

    /** One timer for the tests that need its thread: a timer's thread never ends, so each would leave one behind. */
    private static final ToolDeadlines deadlines = new ToolDeadlines(Duration.ofMillis(5), "test-deadlines");

    @Test
    void aDeadlinesTaskRunsOnTheTimersThreadOnceItsDelayHasPassed() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        List<String> threads = new CopyOnWriteArrayList<>();
        long set = System.nanoTime();

        deadlines.set(
                () -> {
                    threads.add(Thread.currentThread().getName());
                    ran.countDown();
                },
                Duration.ofMillis(50));

        assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - set)
                .as("not before its delay")
                .isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
        assertThat(threads).containsExactly("test-deadlines");
    }

    @Test
    void aCancelledDeadlineNeverRuns() {
        ToolDeadlines driven = ToolDeadlines.withoutThread(Duration.ofMillis(10));
        List<String> ran = new ArrayList<>();
        ToolDeadlines.Deadline cancelled = driven.set(() -> ran.add("cancelled"), Duration.ofMillis(20));
        driven.set(() -> ran.add("later"), Duration.ofMillis(100));

        cancelled.cancel();
        driven.look(System.nanoTime() + Duration.ofMillis(200).toNanos());

        assertThat(ran).as("its time came before the later one's").containsExactly("later");
        assertThat(driven.pending()).isZero();
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheTimer() throws Exception {
        CountDownLatch next = new CountDownLatch(1);
        deadlines.set(
                () -> {
                    throw new IllegalStateException("a task that fails");
                },
                Duration.ofMillis(10));

        deadlines.set(next::countDown, Duration.ofMillis(40));

        assertThat(next.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void deadlinesCancelledBeforeTheirTimeAreForgotten() throws Exception {
        List<ToolDeadlines.Deadline> set = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            set.add(deadlines.set(() -> {}, Duration.ofMinutes(5)));
        }

        set.forEach(ToolDeadlines.Deadline::cancel);

        await("the timer holds none of them", () -> deadlines.pending() == 0);
    }

    @Test
    void theTimerWakesForADeadlineSetAfterItSleptWithNone() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        deadlines.set(first::countDown, Duration.ofMillis(1));
        assertThat(first.await(30, TimeUnit.SECONDS)).isTrue();
        await("the timer has no deadline left", () -> deadlines.pending() == 0);
        CountDownLatch second = new CountDownLatch(1);

        deadlines.set(second::countDown, Duration.ofMillis(1));

        assertThat(second.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theTimerKeepsTickingAfterALookThatTookDeadlinesEvenIfAllEndedAlready() {
        ToolDeadlines driven = ToolDeadlines.withoutThread(Duration.ofMillis(10));
        driven.set(() -> {}, Duration.ofSeconds(30)).cancel(); // a call that ended before the timer looked

        assertThat(driven.look(System.nanoTime()))
                .as("calls are coming: sleeping now would have the next one wake the timer")
                .isEqualTo(Duration.ofMillis(10).toNanos());
        assertThat(driven.look(System.nanoTime()))
                .as("a whole tick with none set")
                .isEqualTo(ToolDeadlines.UNTIL_SET);
    }

    @Test
    void aLookParksNoLongerThanUntilTheNextDeadlineIsDue() {
        ToolDeadlines driven = ToolDeadlines.withoutThread(Duration.ofMinutes(1));
        long delay = Duration.ofMillis(3).toNanos();
        long before = System.nanoTime();
        driven.set(() -> {}, Duration.ofNanos(delay));
        long after = System.nanoTime(); // the deadline is due between before + delay and after + delay

        assertThat(driven.look(before)).isBetween(delay, after - before + delay);
        assertThat(driven.pending()).isEqualTo(1);
    }

    @Test
    void aLookRunsTheDeadlinesDueAndNoOthers() {
        ToolDeadlines driven = ToolDeadlines.withoutThread(Duration.ofMillis(10));
        List<String> ran = new ArrayList<>();
        driven.set(() -> ran.add("due"), Duration.ofMillis(1));
        driven.set(() -> ran.add("not yet"), Duration.ofMinutes(1));
        long now = System.nanoTime(); // after both were set: a pause between never makes "due" late

        driven.look(now + Duration.ofMillis(2).toNanos());

        assertThat(ran).containsExactly("due");
        assertThat(driven.pending()).isEqualTo(1);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as(what).isTrue();
            Thread.sleep(5);
        }
    }
}
