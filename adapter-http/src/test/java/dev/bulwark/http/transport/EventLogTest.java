package dev.bulwark.http.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogTest {

    private final EventBudget budget = new EventBudget(Long.MAX_VALUE);
    private final EventLog log = new EventLog(3, Long.MAX_VALUE, budget);

    private void add(long stream, long sequence) {
        add(log, stream, sequence, "m" + stream + "-" + sequence);
    }

    /** Adds the event {@code stream}-{@code sequence} to {@code to}, its JSON {@code text} (its bytes, in ASCII). */
    private static void add(EventLog to, long stream, long sequence, String text) {
        to.add(new EventLog.Event(new EventId(stream, sequence), text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> messages(List<EventLog.Event> events) {
        return events.stream().map(event -> event.json().toString()).toList();
    }

    @Test
    void aStreamResumesWithItsOwnLaterEventsInOrder() {
        log.opened(1);
        log.opened(2);
        add(1, 1);
        add(2, 1);
        add(1, 2);

        assertThat(log.after(new EventId(1, 0)).map(EventLogTest::messages)).hasValue(List.of("m1-1", "m1-2"));
        assertThat(log.after(new EventId(1, 1)).map(EventLogTest::messages)).hasValue(List.of("m1-2"));
        assertThat(log.after(new EventId(1, 2)).map(EventLogTest::messages)).hasValue(List.of());
    }

    @Test
    void aStreamOpenedButSilentResumesFromItsPrimingEvent() {
        log.opened(4);

        assertThat(log.after(new EventId(4, 0))).hasValue(List.of());
    }

    @Test
    void aStreamTheLogNeverSawCannotBeResumed() {
        assertThat(log.after(new EventId(9, 0))).isEmpty();
    }

    @Test
    void theOldestEventsAreDroppedBeyondTheCapacity() {
        log.opened(1);
        for (long sequence = 1; sequence <= 5; sequence++) {
            add(1, sequence);
        }

        assertThat(log.size()).isEqualTo(3);
        assertThat(log.after(new EventId(1, 2)).map(EventLogTest::messages)).hasValue(List.of("m1-3", "m1-4", "m1-5"));
    }

    @Test
    void resumingBeforeADroppedEventIsRefusedRatherThanLosingIt() {
        log.opened(1);
        for (long sequence = 1; sequence <= 5; sequence++) {
            add(1, sequence);
        }

        assertThat(log.after(new EventId(1, 1))).isEmpty();
        assertThat(log.after(new EventId(1, 0))).isEmpty();
    }

    @Test
    void aClosedStreamStaysResumableWhileItsEventsAreKept() {
        log.opened(1);
        add(1, 1);
        log.closed(1);

        assertThat(log.after(new EventId(1, 0)).map(EventLogTest::messages)).hasValue(List.of("m1-1"));
    }

    @Test
    void aClosedStreamIsForgottenOnceItsLastEventIsDropped() {
        log.opened(1);
        add(1, 1);
        log.closed(1);
        log.opened(2);
        add(2, 1);
        add(2, 2);
        add(2, 3);

        assertThat(log.after(new EventId(1, 1))).isEmpty();
        assertThat(log.after(new EventId(2, 0)).map(EventLogTest::messages)).hasValue(List.of("m2-1", "m2-2", "m2-3"));
    }

    @Test
    void theOldestEventsAreDroppedBeyondTheBytes() {
        EventLog small = new EventLog(100, 10, budget);
        small.opened(1);
        add(small, 1, 1, "aaaa");
        add(small, 1, 2, "bbbb");
        add(small, 1, 3, "cccc"); // 12 bytes with the first: it goes

        assertThat(small.bytes()).isEqualTo(8);
        assertThat(small.after(new EventId(1, 1)).map(EventLogTest::messages)).hasValue(List.of("bbbb", "cccc"));
        assertThat(small.after(new EventId(1, 0))).as("the first was dropped").isEmpty();
    }

    @Test
    void anEventLargerThanTheLogIsSentButNotKeptSoItsStreamCannotBeResumedFromBeforeIt() {
        EventLog small = new EventLog(100, 10, budget);
        small.opened(1);
        add(small, 1, 1, "aaaa");
        add(small, 1, 2, "x".repeat(11));

        assertThat(small.after(new EventId(1, 1)))
                .as("it would miss the large one")
                .isEmpty();
        assertThat(small.after(new EventId(1, 2)))
                .as("after it, nothing is missed")
                .hasValue(List.of());
        assertThat(small.bytes()).as("what was kept stays").isEqualTo(4);
    }

    @Test
    void aStreamWithAnEventNotKeptStaysUnresumableFromBeforeItOnceEarlierEventsAreDropped() {
        EventLog small = new EventLog(100, 10, budget);
        small.opened(1);
        add(small, 1, 1, "aaaa");
        add(small, 1, 2, "x".repeat(11)); // not kept
        add(small, 1, 3, "bbbb");
        add(small, 1, 4, "cccc"); // the first goes

        assertThat(small.after(new EventId(1, 1)))
                .as("it would miss the one not kept")
                .isEmpty();
        assertThat(small.after(new EventId(1, 2)).map(EventLogTest::messages)).hasValue(List.of("bbbb", "cccc"));
    }

    @Test
    void anEventThatCannotFitEvenIfTheLogDroppedEverythingLeavesWhatItKeeps() {
        EventBudget shared = new EventBudget(10);
        EventLog first = new EventLog(100, 100, shared);
        EventLog second = new EventLog(100, 100, shared);
        first.opened(1);
        second.opened(1);
        add(first, 1, 1, "aaaaaa");
        add(second, 1, 1, "bbbb");

        add(second, 1, 2, "cccccccc"); // 8 bytes: the second log could free only its 4

        assertThat(second.bytes()).as("what it kept is not dropped in vain").isEqualTo(4);
        assertThat(shared.used()).isEqualTo(10);
        assertThat(second.after(new EventId(1, 1))).as("the one not kept").isEmpty();
        assertThat(second.after(new EventId(1, 2))).hasValue(List.of());
    }

    @Test
    void logsSharingASpentBudgetKeepANewEventByDroppingTheirOwnOldestOnly() {
        EventBudget shared = new EventBudget(10);
        EventLog first = new EventLog(100, 100, shared);
        EventLog second = new EventLog(100, 100, shared);
        first.opened(1);
        second.opened(1);
        add(first, 1, 1, "aaaaaa");
        add(second, 1, 1, "bbbb");

        add(second, 1, 2, "cccc"); // the budget is spent: the second log drops its own oldest
        add(second, 1, 3, "dddddddd"); // more than the second log can free: not kept

        assertThat(shared.used()).isEqualTo(10);
        assertThat(first.after(new EventId(1, 0)).map(EventLogTest::messages)).hasValue(List.of("aaaaaa"));
        assertThat(second.after(new EventId(1, 1))).isEmpty();
        assertThat(second.after(new EventId(1, 3))).hasValue(List.of());
        assertThat(second.bytes()).isEqualTo(4);
    }

    @Test
    void limitsThatAreNotPositiveAreRefusedNamingThem() {
        assertThatThrownBy(() -> new EventLogLimits(0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 events");
        assertThat(EventLogLimits.defaults().events()).isEqualTo(256);
        assertThat(EventLogLimits.defaults().bytesPerSession()).isEqualTo(1024 * 1024);
    }

    @Test
    void aClosedLogGivesItsBytesBackAndKeepsNothingMore() {
        log.opened(1);
        add(1, 1);
        add(1, 2);
        long kept = budget.used();

        log.close();
        add(1, 3);
        log.opened(2);

        assertThat(kept).isEqualTo(8);
        assertThat(budget.used()).isZero();
        assertThat(log.size()).isZero();
        assertThat(log.after(new EventId(1, 2))).isEmpty();
        assertThat(log.after(new EventId(2, 0))).isEmpty();
    }

    @Test
    void aClosedStreamWithoutEventsIsForgottenAtOnce() {
        log.opened(1);
        log.closed(1);

        assertThat(log.after(new EventId(1, 0))).isEmpty();
    }

    @Test
    void eventIdsReadBackAsWrittenAndAnythingElseIsNoId() {
        assertThat(EventId.parse(new EventId(12, 345).toString())).hasValue(new EventId(12, 345));
        assertThat(EventId.parse("0-1")).isEmpty();
        assertThat(EventId.parse("1--1")).isEmpty();
        assertThat(EventId.parse("abc")).isEmpty();
        assertThat(EventId.parse("1-")).isEmpty();
        assertThat(EventId.parse("-1")).isEmpty();
        assertThat(EventId.parse("1-2-3")).isEmpty();
        assertThat(EventId.parse("9".repeat(30) + "-1")).isEmpty();
        assertThat(EventId.parse(null)).isEmpty();
    }
}
