package dev.bulwark.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.stdio.InFlightLimit.Admission;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InFlightLimitTest {

    private final List<Object> started = new ArrayList<>();

    @Test
    void requestsBeyondTheLimitWaitAndStartInTheOrderOfferedAsOthersEnd() {
        InFlightLimit limit = new InFlightLimit(2, 10, 1000);

        assertThat(offer(limit, 1)).isEqualTo(Admission.STARTED);
        assertThat(offer(limit, 2)).isEqualTo(Admission.STARTED);
        assertThat(offer(limit, 3)).isEqualTo(Admission.WAITING);
        assertThat(offer(limit, 4)).isEqualTo(Admission.WAITING);
        assertThat(started).containsExactly(1, 2);
        assertThat(limit.waiting()).isEqualTo(2);

        limit.ended();
        assertThat(started).containsExactly(1, 2, 3);
        limit.ended();
        assertThat(started).containsExactly(1, 2, 3, 4);
        assertThat(limit.waiting()).isZero();

        limit.ended(); // one runs now: there is room for one more
        assertThat(offer(limit, 5)).isEqualTo(Admission.STARTED);
        assertThat(offer(limit, 6)).isEqualTo(Admission.WAITING);
    }

    @Test
    void aRequestIsNotTakenWhenTooManyWaitOrTheirBytesWouldExceedTheBound() {
        InFlightLimit byCount = new InFlightLimit(1, 2, 1000);
        offer(byCount, 1);
        offer(byCount, 2);
        offer(byCount, 3);
        assertThat(offer(byCount, 4)).isEqualTo(Admission.FULL);
        assertThat(started).containsExactly(1);

        started.clear();
        InFlightLimit byBytes = new InFlightLimit(1, 10, 100);
        offer(byBytes, 1);
        assertThat(byBytes.offer(2, 500, () -> started.add(2))).as("the first to wait fits, whatever its size")
                .isEqualTo(Admission.WAITING);
        assertThat(byBytes.offer(3, 1, () -> started.add(3))).isEqualTo(Admission.FULL);
        byBytes.ended(); // 2 starts: its bytes no longer count
        assertThat(byBytes.offer(4, 100, () -> started.add(4))).isEqualTo(Admission.WAITING);
        assertThat(started).containsExactly(1, 2);
    }

    @Test
    void aCancelledWaitingRequestNeverStartsAndTheRestKeepTheirOrder() {
        InFlightLimit limit = new InFlightLimit(1, 10, 1000);
        offer(limit, 1);
        offer(limit, 2);
        offer(limit, 3L);
        offer(limit, "4");

        assertThat(limit.cancel("2")).as("the string \"2\" is not the number 2").isFalse();
        assertThat(limit.cancel(3)).as("3 read as an int names 3 read as a long").isTrue();
        assertThat(limit.cancel(1)).as("running, not waiting").isFalse();
        limit.ended();
        limit.ended();

        assertThat(started).containsExactly(1, 2, "4");
        assertThat(limit.cancel(2)).as("started").isFalse();
    }

    @Test
    void closingHandsBackTheWaitingInOrderAndTakesNothingMore() {
        InFlightLimit limit = new InFlightLimit(1, 10, 1000);
        offer(limit, 1);
        offer(limit, 2);
        offer(limit, 3);

        assertThat(limit.close()).containsExactly(2, 3);
        limit.ended();

        assertThat(started).containsExactly(1);
        assertThat(offer(limit, 4)).isEqualTo(Admission.CLOSED);
        assertThat(limit.close()).isEmpty();
    }

    /** Offers a request of 1 byte that records its id when it starts. */
    private Admission offer(InFlightLimit limit, Object id) {
        return limit.offer(id, 1, () -> started.add(id));
    }
}
