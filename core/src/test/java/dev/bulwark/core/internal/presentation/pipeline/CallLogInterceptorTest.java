package dev.bulwark.core.internal.presentation.pipeline;

import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echo;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.echoArgs;
import static dev.bulwark.core.internal.presentation.pipeline.TestTools.invocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulwark.core.InvalidArgumentsException;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import dev.bulwark.core.RateLimitExceededException;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A caller's own mistakes are not warnings; the server's failures are. */
class CallLogInterceptorTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.bulwark.calls");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final CallLogInterceptor interceptor = new CallLogInterceptor(Ticker.system());
    private Level previousLevel;

    @BeforeEach
    void capture() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.INFO);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
    }

    private ILoggingEvent onlyLineOfACallFailingWith(RuntimeException failure) {
        catchThrowable(() -> SyncCalls.run(interceptor, invocation(echo(), echoArgs("hi")), call -> {
            throw failure;
        }));
        assertThat(appender.list).hasSize(1);
        return appender.list.get(0);
    }

    @Test
    void invalidArgumentsAreLoggedAtInfoAsRefused() {
        ILoggingEvent line = onlyLineOfACallFailingWith(
                new InvalidArgumentsException("echo", List.of(new Violation("$.times", "must be an integer"))));

        assertThat(line.getLevel()).isEqualTo(Level.INFO);
        assertThat(line.getFormattedMessage()).isEqualTo("tool call refused");
    }

    @Test
    void aRateLimitedCallIsLoggedAtInfo() {
        ILoggingEvent line = onlyLineOfACallFailingWith(new RateLimitExceededException(
                "echo", new RateLimit(1, Duration.ofMinutes(1), 0), Duration.ofSeconds(30)));

        assertThat(line.getLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void anUnexpectedFailureIsStillAWarning() {
        ILoggingEvent line = onlyLineOfACallFailingWith(new IllegalStateException("bug"));

        assertThat(line.getLevel()).isEqualTo(Level.WARN);
        assertThat(line.getFormattedMessage()).isEqualTo("tool call failed");
    }
}
