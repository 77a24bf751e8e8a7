package dev.bulwark.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender;
import net.logstash.logback.encoder.com.lmax.disruptor.AlertException;
import net.logstash.logback.encoder.com.lmax.disruptor.Sequence;
import net.logstash.logback.encoder.com.lmax.disruptor.SequenceBarrier;
import org.junit.jupiter.api.Test;

class BackoffSleepingWaitStrategyTest {

    private final BackoffSleepingWaitStrategy strategy = new BackoffSleepingWaitStrategy();
    private final Sequence published = new Sequence(-1);
    private final Barrier barrier = new Barrier();

    @Test
    void returnsWhatIsAlreadyPublishedWithoutSleeping() throws Exception {
        published.set(7);

        assertThat(strategy.waitFor(3, published, published, barrier)).isEqualTo(7);
        assertThat(strategy.nextSleepNanos()).isEqualTo(BackoffSleepingWaitStrategy.BUSY_SLEEP_NANOS);
    }

    @Test
    void returnsOnceTheAwaitedLineIsPublished() throws Exception {
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> waitFor(0));
        assertThat(awaitBackingOff()).as("the strategy waits for the line").isTrue();
        published.set(0);

        assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(0);
    }

    @Test
    void backsOffToTheIdlePauseWhileNothingComes() throws Exception {
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> waitFor(0));

        boolean idle = awaitIdlePause(); // after 1 + 2 + 4 + 8 + 10 + ... ms of empty polls
        published.set(0);
        waiting.get(30, TimeUnit.SECONDS);

        assertThat(idle).as("backed off to the idle pause").isTrue();
    }

    @Test
    void pollsQuicklyAgainOnceLinesCome() throws Exception {
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> waitFor(0));
        assertThat(awaitIdlePause()).isTrue();
        published.set(0);
        waiting.get(30, TimeUnit.SECONDS);

        assertThat(strategy.nextSleepNanos()).isEqualTo(BackoffSleepingWaitStrategy.BUSY_SLEEP_NANOS);
    }

    @Test
    void stopsWaitingWhenTheAppenderStops() {
        barrier.alert();

        assertThatThrownBy(() -> strategy.waitFor(0, published, published, barrier))
                .isInstanceOf(AlertException.class);
    }

    @Test
    void theServerLogConfigurationUsesItForBothStreams() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        try {
            ServerLogConfigurator.apply(context);

            for (String name : new String[] {"ASYNC_JSON_STDERR", "ASYNC_AUDIT_JSON_STDERR"}) {
                LoggingEventAsyncDisruptorAppender appender = (LoggingEventAsyncDisruptorAppender)
                        (name.contains("AUDIT") ? context.getLogger("dev.bulwark.audit") : context.getLogger("ROOT"))
                                .getAppender(name);
                assertThat(appender.getWaitStrategy()).as(name).isInstanceOf(BackoffSleepingWaitStrategy.class);
            }
        } finally {
            context.stop();
        }
    }

    private long waitFor(long sequence) {
        try {
            return strategy.waitFor(sequence, published, published, barrier);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A barrier that only knows whether it was alerted, as the strategy asks it. */
    private static final class Barrier implements SequenceBarrier {
        private volatile boolean alerted;

        @Override
        public long waitFor(long sequence) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long getCursor() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isAlerted() {
            return alerted;
        }

        @Override
        public void alert() {
            alerted = true;
        }

        @Override
        public void clearAlert() {
            alerted = false;
        }

        @Override
        public void checkAlert() throws AlertException {
            if (alerted) {
                throw AlertException.INSTANCE;
            }
        }
    }

    /** Polls (for at most 30 s) until the strategy found nothing and pauses longer; returns whether it came to that. */
    private boolean awaitBackingOff() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (strategy.nextSleepNanos() == BackoffSleepingWaitStrategy.BUSY_SLEEP_NANOS) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** Polls (for at most 30 s) until the strategy's next pause is the idle one; returns whether it came to that. */
    private boolean awaitIdlePause() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (strategy.nextSleepNanos() != BackoffSleepingWaitStrategy.IDLE_SLEEP_NANOS) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
