package dev.bulwark.core.internal.data.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.test.fakes.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

class ThrottledWarningTest {

    private final RecordingLogger logger = new RecordingLogger();
    private final ManualTicker ticker = new ManualTicker();
    private final ThrottledWarning warning =
            new ThrottledWarning(logger, "Cache lookup failed: {}", ticker, Duration.ofSeconds(10));

    @Test
    void firstFailureIsLoggedWithItsReasonAndNoJavaClassName() {
        warning.warn(new IllegalStateException("redis down"));

        assertThat(logger.lines).containsExactly("Cache lookup failed: redis down");
    }

    @Test
    void repeatedFailuresWithinTheIntervalAreNotLogged() {
        for (int i = 0; i < 1000; i++) {
            warning.warn(new IllegalStateException("redis down"));
        }

        assertThat(logger.lines).hasSize(1);
    }

    @Test
    void nextWarningAfterTheIntervalCountsTheQuietOnes() {
        for (int i = 0; i < 5; i++) {
            warning.warn(new IllegalStateException("redis down"));
        }
        ticker.advance(Duration.ofSeconds(10));
        warning.warn(new IllegalStateException("redis down"));

        assertThat(logger.lines).hasSize(2);
        assertThat(logger.lines.get(1)).endsWith("(4 more since the last warning)");
    }

    /** Keeps every WARN line, formatted. */
    private static final class RecordingLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(
                Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
            if (level == Level.WARN) {
                lines.add(MessageFormatter.basicArrayFormat(pattern, arguments));
            }
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}
