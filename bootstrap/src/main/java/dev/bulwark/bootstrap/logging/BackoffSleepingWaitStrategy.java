package dev.bulwark.bootstrap.logging;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.logstash.logback.encoder.com.lmax.disruptor.AlertException;
import net.logstash.logback.encoder.com.lmax.disruptor.Sequence;
import net.logstash.logback.encoder.com.lmax.disruptor.SequenceBarrier;
import net.logstash.logback.encoder.com.lmax.disruptor.WaitStrategy;

/**
 * How a log writer thread waits for lines: polling, with a sleep that grows from 1 ms to 10 ms while idle.
 */
public final class BackoffSleepingWaitStrategy implements WaitStrategy {

    /** The pause between polls while lines keep coming. */
    static final long BUSY_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** The longest pause between polls, reached after a few empty polls. */
    static final long IDLE_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /**
     * Backs off rather than sleeping a fixed time: with 10 ms a busy writer wakes to 10 ms of lines and encodes them
     * in one burst that takes a core from the request threads; with 1 ms an idle server wakes 1000 times a second.
     * Producers never signal it, so logging a line never wakes a thread.
     */
    private long sleepNanos = BUSY_SLEEP_NANOS;

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException {
        long available;
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            LockSupport.parkNanos(sleepNanos);
            sleepNanos = Math.min(sleepNanos * 2, IDLE_SLEEP_NANOS);
        }
        sleepNanos = BUSY_SLEEP_NANOS;
        return available;
    }

    @Override
    public void signalAllWhenBlocking() {
        // producers never signal: the writer polls
    }

    /** The pause before the next poll that finds nothing; for tests. */
    long nextSleepNanos() {
        return sleepNanos;
    }
}
