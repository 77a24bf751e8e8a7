package dev.bulwark.http.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseFramesTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void aPrimingEventHasItsIdTheRetryDelayAndEmptyData() {
        assertThat(text(SseFrames.priming(new EventId(3, 0), 2000))).isEqualTo("id: 3-0\nretry: 2000\ndata: \n\n");
    }

    @Test
    void aMessageEventCarriesItsIdAndTheJsonAsData() {
        assertThat(text(SseFrames.message(null, new EventId(12, 1090), utf8("{\"a\":\"é😀\"}"))))
                .isEqualTo("id: 12-1090\nevent: message\ndata: {\"a\":\"é😀\"}\n\n");
    }

    @Test
    void aMessageEventFollowsThePrimingEventInOneFrame() {
        byte[] priming = SseFrames.priming(new EventId(1, 0), 5);

        assertThat(text(SseFrames.message(priming, new EventId(1, 1), utf8("{}"))))
                .isEqualTo("id: 1-0\nretry: 5\ndata: \n\nid: 1-1\nevent: message\ndata: {}\n\n");
    }

    @Test
    void keptEventsAreFramedOneAfterTheOther() {
        List<EventLog.Event> events = List.of(
                new EventLog.Event(new EventId(9, 10), utf8("[1]")),
                new EventLog.Event(new EventId(9, Long.MAX_VALUE), utf8("[2]")));

        assertThat(text(SseFrames.messages(events)))
                .isEqualTo("id: 9-10\nevent: message\ndata: [1]\n\n" + "id: 9-" + Long.MAX_VALUE
                        + "\nevent: message\ndata: [2]\n\n");
        assertThat(SseFrames.messages(List.of())).isEmpty();
    }
}
