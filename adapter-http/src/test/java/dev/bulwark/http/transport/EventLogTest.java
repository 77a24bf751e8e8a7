package dev.bulwark.http.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogTest {

    private final EventLog log = new EventLog(3);

    private void add(long stream, long sequence) {
        byte[] json = ("m" + stream + "-" + sequence).getBytes(StandardCharsets.UTF_8);
        log.add(new EventLog.Event(new EventId(stream, sequence), json));
    }

    private static List<String> messages(List<EventLog.Event> events) {
        return events.stream().map(event -> new String(event.json(), StandardCharsets.UTF_8)).toList();
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
