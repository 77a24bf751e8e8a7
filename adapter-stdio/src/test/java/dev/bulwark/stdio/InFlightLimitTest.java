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

        limit.ended(1);
        assertThat(started).containsExactly(1, 2, 3);
        limit.ended(1);
        assertThat(started).containsExactly(1, 2, 3, 4);
        assertThat(limit.waiting()).isZero();

        limit.ended(1); // one runs now: there is room for one more
        assertThat(offer(limit, 5)).isEqualTo(Admission.STARTED);
        assertThat(offer(limit, 6)).isEqualTo(Admission.WAITING);
    }

    @Test
    void aRequestIsNotTakenWhenTooManyWait() {
        InFlightLimit byCount = new InFlightLimit(1, 2, 1000);
        offer(byCount, 1);
        offer(byCount, 2);
        offer(byCount, 3);
        assertThat(offer(byCount, 4)).isEqualTo(Admission.FULL);
        assertThat(started).containsExactly(1);
    }

    @Test
    void theRequestsRunningAndWaitingTogetherTakeAtMostTheirBytesButOneAloneAlwaysFits() {
        InFlightLimit limit = new InFlightLimit(2, 10, 100);

        assertThat(limit.offer(1, 500, () -> started.add(1)))
                .as("nothing else held: it fits, whatever its size")
                .isEqualTo(Admission.STARTED);
        assertThat(limit.offer(2, 1, () -> started.add(2)))
                .as("running bytes count")
                .isEqualTo(Admission.NO_ROOM);
        limit.ended(500);
        assertThat(limit.heldBytes()).isZero();

        assertThat(limit.offer(3, 40, () -> started.add(3))).isEqualTo(Admission.STARTED);
        assertThat(limit.offer(4, 40, () -> started.add(4))).isEqualTo(Admission.STARTED);
        assertThat(limit.offer(5, 20, () -> started.add(5)))
                .as("waiting, within the bytes")
                .isEqualTo(Admission.WAITING);
        assertThat(limit.offer(6, 1, () -> started.add(6)))
                .as("waiting bytes count too")
                .isEqualTo(Admission.NO_ROOM);
        assertThat(limit.heldBytes()).isEqualTo(100);

        limit.ended(40); // 5 starts in 3's place
        assertThat(started).containsExactly(1, 3, 4, 5);
        assertThat(limit.heldBytes()).isEqualTo(60);
        assertThat(limit.offer(7, 40, () -> started.add(7))).isEqualTo(Admission.WAITING);
        assertThat(limit.cancel(7)).isTrue();
        assertThat(limit.heldBytes())
                .as("a cancelled request gives its bytes back")
                .isEqualTo(60);
        assertThat(limit.offer(8, 40, () -> started.add(8))).isEqualTo(Admission.WAITING);
        limit.close();
        assertThat(limit.heldBytes())
                .as("so do the requests waiting at the close")
                .isEqualTo(60);
    }

    @Test
    void theBytesHeldAreAShareOfTheHeapAndAtLeastOneLongestLine() {
        assertThat(InFlightLimit.maxHeldBytes(128L << 20, 1 << 20)).isEqualTo(2L << 20);
        assertThat(InFlightLimit.maxHeldBytes(32L << 20, 1 << 20)).isEqualTo(1L << 20);
    }

    @Test
    void aCancelledWaitingRequestNeverStartsAndTheRestKeepTheirOrder() {
        InFlightLimit limit = new InFlightLimit(1, 10, 1000);
        offer(limit, 1);
        offer(limit, 2);
        offer(limit, 3L);
        offer(limit, "4");

        assertThat(limit.cancel("2")).as("the string \"2\" is not the number 2").isFalse();
        assertThat(limit.cancel(3))
                .as("3 read as an int names 3 read as a long")
                .isTrue();
        assertThat(limit.cancel(1)).as("running, not waiting").isFalse();
        limit.ended(1);
        limit.ended(1);

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
        limit.ended(1);

        assertThat(started).containsExactly(1);
        assertThat(offer(limit, 4)).isEqualTo(Admission.CLOSED);
        assertThat(limit.close()).isEmpty();
    }

    /** Offers a request of 1 byte that records its id when it starts. */
    private Admission offer(InFlightLimit limit, Object id) {
        return limit.offer(id, 1, () -> started.add(id));
    }
}
