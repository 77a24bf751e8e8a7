package dev.bulwark.http.transport;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** What the resumable event log costs a call that sends only its answer, on full logs with the server's limits. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
public class EventLogBenchmark {

    /** A tool call's answer as the transport writes it. */
    private static final byte[] ANSWER =
            "{\"jsonrpc\":\"2.0\",\"id\":17,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"isError\":false}}"
                    .getBytes(StandardCharsets.UTF_8);

    private static final long RETRY_MILLIS = 1_000;

    /** How many sessions' logs the calls go to in turn: with many, what a call drops is cold, as in a busy server. */
    @Param({"1", "1024"})
    public int sessions;

    private EventLog[] logs;
    private int next;
    private long stream;

    @Setup(Level.Trial)
    public void setUp() {
        EventLogLimits limits = EventLogLimits.defaults();
        EventBudget budget = new EventBudget(limits.bytesInAll());
        logs = new EventLog[sessions];
        for (int i = 0; i < sessions; i++) {
            logs[i] = new EventLog(limits.events(), limits.bytesPerSession(), budget);
        }
        for (int i = 0; i < limits.events() * 2 * sessions; i++) {
            answerKept();
        }
        int full = Math.min(limits.events(), (int) (limits.bytesPerSession() / ANSWER.length));
        for (EventLog log : logs) {
            if (log.size() != full) {
                throw new IllegalStateException("every log must be full, one holds " + log.size());
            }
        }
    }

    /** The stream opened in the next session's log, its answer kept (dropping the oldest event), the stream closed. */
    @Benchmark
    public long answerKept() {
        EventLog log = logs[next];
        next = next + 1 == logs.length ? 0 : next + 1;
        long number = ++stream;
        log.opened(number);
        log.add(new EventLog.Event(new EventId(number, 1), ANSWER));
        log.closed(number);
        return log.bytes();
    }

    /** The priming event that makes the stream resumable from its start. */
    @Benchmark
    public byte[] primingEvent() {
        return SseFrames.priming(new EventId(++stream, 0), RETRY_MILLIS);
    }
}
