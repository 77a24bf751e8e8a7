package dev.bulwark.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** A line any client can cause is written at most once per interval, and the next one says how many were left out. */
class ThrottledLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.bulwark.http.ops.ThrottledLogTest");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    ThrottledLogTest() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    @Test
    void theFirstLineIsWrittenAndTheRestOfTheIntervalOnlyCounted() {
        ThrottledLog log = new ThrottledLog(logger, "refused", Duration.ofHours(1), () -> 0L);

        log.warn("client", "10.0.0.1");
        log.warn("client", "10.0.0.2");
        log.warn("client", "10.0.0.3");

        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getFormattedMessage()).isEqualTo("refused");
            assertThat(line.getLevel().toString()).isEqualTo("WARN");
            assertThat(values(line)).containsExactly("client=10.0.0.1", "suppressed=0");
        });
    }

    @Test
    void theNextLineAfterTheIntervalSaysHowManyWereLeftOut() {
        AtomicLong now = new AtomicLong();
        ThrottledLog log = new ThrottledLog(logger, "refused", Duration.ofSeconds(10), now::get);
        log.warn();
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        log.warn();
        log.warn();

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        log.warn();

        assertThat(lines.list).hasSize(2);
        assertThat(values(lines.list.get(0))).containsExactly("suppressed=0");
        assertThat(values(lines.list.get(1))).containsExactly("suppressed=2");
    }

    @Test
    void aLineWithinTheIntervalOfTheLastWrittenOneIsOnlyCounted() {
        AtomicLong now = new AtomicLong();
        ThrottledLog log = new ThrottledLog(logger, "refused", Duration.ofSeconds(10), now::get);
        log.warn();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        log.warn();
        now.addAndGet(Duration.ofSeconds(10).toNanos() - 1);

        log.warn();

        assertThat(lines.list).hasSize(2);
    }

    private static java.util.List<String> values(ILoggingEvent line) {
        return line.getKeyValuePairs().stream()
                .map(KeyValuePair::toString)
                .map(text -> text.replace("\"", ""))
                .toList();
    }
}
