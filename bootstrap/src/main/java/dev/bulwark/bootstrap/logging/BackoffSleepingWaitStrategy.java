package dev.bulwark.bootstrap.logging;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.logstash.logback.encoder.com.lmax.disruptor.AlertException;
import net.logstash.logback.encoder.com.lmax.disruptor.Sequence;
import net.logstash.logback.encoder.com.lmax.disruptor.SequenceBarrier;
import net.logstash.logback.encoder.com.lmax.disruptor.WaitStrategy;

/**
 * How a log writer thread waits for lines: it polls its ring buffer, sleeping 1 ms between polls while lines keep
 * coming and twice as long after each poll that finds nothing, up to 10 ms. Producers never signal it, so logging
 * a line never wakes a thread.
 *
 * <p>Why not a fixed sleep: with 10 ms the writer of a busy stream (the audit log under load) wakes to a full
 * 10 ms of lines and encodes them in one burst of up to a millisecond, which takes a core from the request threads
 * of a small machine and showed as the tail latency of tool calls; with 1 ms an idle server wakes 1000 times a
 * second per stream. Backing off gives short bursts under load and about 100 wake-ups a second when idle.
 *
 * <p>Set on logstash-logback-encoder's ring-buffer appenders by {@link ServerLogConfigurator} (in an XML configuration:
 * {@code <waitStrategy class="...BackoffSleepingWaitStrategy"/>}). One instance per appender: its state belongs to
 * that appender's single writer thread.
 */
public final class BackoffSleepingWaitStrategy implements WaitStrategy {

    /** The pause between polls while lines keep coming. */
    static final long BUSY_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** The longest pause between polls, reached after a few empty polls. */
    static final long IDLE_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

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
