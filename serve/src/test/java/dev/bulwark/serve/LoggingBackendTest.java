package dev.bulwark.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLoggerFactory;

class LoggingBackendTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
    private final AtomicBoolean told = new AtomicBoolean();

    @Test
    void withoutABackendItSaysSoOnceNamingWhatIsLostAndTheFix() {
        LoggingBackend.noticeIfMissing(new NOPLoggerFactory(), stream, told);
        LoggingBackend.noticeIfMissing(new NOPLoggerFactory(), stream, told);

        String said = err.toString(StandardCharsets.UTF_8);
        assertThat(said.lines()).hasSize(1);
        assertThat(said).contains("audit log", "logback-classic");
    }

    @Test
    void withABackendItSaysNothing() {
        LoggingBackend.noticeIfMissing(new LoggerContext(), stream, told);

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
