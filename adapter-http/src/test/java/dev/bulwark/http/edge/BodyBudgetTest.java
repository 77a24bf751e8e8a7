package dev.bulwark.http.edge;

import static dev.bulwark.http.HttpHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BodyBudgetTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void bodiesAreTakenWhileTheyFitTogether() {
        BodyBudget budget = new BodyBudget(100, 4);

        assertThat(budget.take(60, Duration.ZERO)).isTrue();
        assertThat(budget.take(40, Duration.ZERO)).isTrue();
        assertThat(budget.take(1, Duration.ZERO)).as("full").isFalse();
        assertThat(budget.held()).isEqualTo(100);
    }

    @Test
    void aBodyLargerThanTheWholeBudgetIsTakenWhenNothingElseIsHeld() {
        BodyBudget budget = new BodyBudget(100, 4);

        assertThat(budget.take(500, Duration.ZERO)).isTrue();
        assertThat(budget.take(1, Duration.ZERO)).isFalse();
        budget.giveBack(500);
        assertThat(budget.held()).isZero();
    }

    @Test
    void aWaitingBodyIsTakenWhenRoomIsGivenBack() throws Exception {
        BodyBudget budget = new BodyBudget(100, 4);
        budget.take(80, Duration.ZERO);

        Future<Boolean> waiting = threads.submit(() -> budget.take(50, LONG));
        eventually(() -> assertThat(budget.waiting()).isEqualTo(1));
        budget.giveBack(80);

        assertThat(waiting.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(budget.held()).isEqualTo(50);
        assertThat(budget.waiting()).isZero();
    }

    @Test
    void aBodyThatFindsNoRoomInTimeIsRefusedAndHoldsNothing() {
        BodyBudget budget = new BodyBudget(100, 4);
        budget.take(80, Duration.ZERO);

        assertThat(budget.take(50, Duration.ofMillis(50))).isFalse();
        assertThat(budget.held()).isEqualTo(80);
        assertThat(budget.waiting()).isZero();
    }

    @Test
    void bodiesWaitInOrderOfArrivalSoASmallOneDoesNotPassALargeOne() throws Exception {
        BodyBudget budget = new BodyBudget(100, 4);
        budget.take(90, Duration.ZERO);
        List<String> taken = new CopyOnWriteArrayList<>();

        Future<?> large = threads.submit(() -> budget.take(100, LONG) && taken.add("large"));
        eventually(() -> assertThat(budget.waiting()).isEqualTo(1));
        Future<?> small = threads.submit(() -> budget.take(10, LONG) && taken.add("small"));
        eventually(() -> assertThat(budget.waiting()).isEqualTo(2));
        assertThat(taken)
                .as("10 bytes would fit now, but the large body came first")
                .isEmpty();

        budget.giveBack(90);
        large.get(30, TimeUnit.SECONDS);
        assertThat(taken).containsExactly("large");
        budget.giveBack(100);
        small.get(30, TimeUnit.SECONDS);
        assertThat(taken).containsExactly("large", "small");
    }

    @Test
    void oneBodyMoreThanMayWaitIsRefusedAtOnce() throws Exception {
        BodyBudget budget = new BodyBudget(100, 1);
        budget.take(100, Duration.ZERO);
        Future<Boolean> waiting = threads.submit(() -> budget.take(10, LONG));
        eventually(() -> assertThat(budget.waiting()).isEqualTo(1));

        long start = System.nanoTime();
        assertThat(budget.take(10, LONG)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("refused without waiting")
                .isLessThan(LONG);

        budget.giveBack(100);
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theBudgetIsAShareOfTheHeapAndAtLeastOneLargestRequest() {
        assertThat(BodyBudget.forHeap(128L << 20, 1L << 20, 4).maxBytes()).isEqualTo(2L << 20);
        assertThat(BodyBudget.forHeap(16L << 20, 1L << 20, 4).maxBytes()).isEqualTo(1L << 20);
        assertThatThrownBy(() -> new BodyBudget(0, 4)).hasMessageContaining("maxBytes");
    }
}
