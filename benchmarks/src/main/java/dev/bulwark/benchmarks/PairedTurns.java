package dev.bulwark.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Prices what one arm of a benchmark adds to another: the two run in alternate turns of a few hundred calls on one
 * thread, each turn timed by the thread's CPU clock, and the median of the paired differences is the price, so the
 * host's load moves both arms alike. Not thread-safe: one benchmark thread runs it.
 */
public final class PairedTurns {

    /**
     * Calls in one turn of an arm: enough that reading the thread's CPU clock (a system call) is a small part of the
     * turn, few enough that the two arms of a pair meet the same host within a millisecond or so.
     */
    public static final int CALLS_A_TURN = 200;

    private static final int MAX_PAIRS = 1 << 16;

    /** One call of an arm; what it returns is summed, so the calls cannot be left out. */
    @FunctionalInterface
    public interface Arm {
        int call() throws Exception;
    }

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final String subjectName;
    private final String baseName;
    private final Arm subject;
    private final Arm base;

    private long turns;
    private int pairs;
    private final long[] subjectCpu = new long[MAX_PAIRS];
    private final long[] baseCpu = new long[MAX_PAIRS];
    private final long[] subjectWall = new long[MAX_PAIRS];
    private final long[] baseWall = new long[MAX_PAIRS];
    private final long[] subjectBytes = new long[MAX_PAIRS];
    private final long[] baseBytes = new long[MAX_PAIRS];

    /** Runs {@code subject} (named {@code subjectName} in the figures) against {@code base}. */
    public PairedTurns(String subjectName, Arm subject, String baseName, Arm base) {
        this.subjectName = subjectName;
        this.subject = subject;
        this.baseName = baseName;
        this.base = base;
    }

    /** Forgets the pairs so far: call it as an iteration starts. */
    public void reset() {
        pairs = 0;
    }

    /** The pairs of turns since {@link #reset()}. */
    public int pairs() {
        return pairs;
    }

    /** The calls of the subject arm since {@link #reset()}. */
    public long subjectCalls() {
        return (long) pairs * CALLS_A_TURN;
    }

    /**
     * One turn of each arm, the order alternating from pair to pair, so neither always follows the other; a benchmark
     * method running it makes {@code 2 * CALLS_A_TURN} operations.
     */
    public int pair() throws Exception {
        boolean subjectFirst = (turns++ & 1) == 0;
        long cpu0 = threads.getCurrentThreadCpuTime();
        long bytes0 = threads.getCurrentThreadAllocatedBytes();
        long wall0 = System.nanoTime();
        int sum = turn(subjectFirst ? subject : base);
        long wall1 = System.nanoTime();
        long cpu1 = threads.getCurrentThreadCpuTime();
        long bytes1 = threads.getCurrentThreadAllocatedBytes();
        sum += turn(subjectFirst ? base : subject);
        long wall2 = System.nanoTime();
        long cpu2 = threads.getCurrentThreadCpuTime();
        long bytes2 = threads.getCurrentThreadAllocatedBytes();
        if (pairs < MAX_PAIRS) {
            int i = pairs++;
            subjectCpu[i] = subjectFirst ? cpu1 - cpu0 : cpu2 - cpu1;
            baseCpu[i] = subjectFirst ? cpu2 - cpu1 : cpu1 - cpu0;
            subjectWall[i] = subjectFirst ? wall1 - wall0 : wall2 - wall1;
            baseWall[i] = subjectFirst ? wall2 - wall1 : wall1 - wall0;
            subjectBytes[i] = subjectFirst ? bytes1 - bytes0 : bytes2 - bytes1;
            baseBytes[i] = subjectFirst ? bytes2 - bytes1 : bytes1 - bytes0;
        }
        return sum;
    }

    private static int turn(Arm arm) throws Exception {
        int sum = 0;
        for (int i = 0; i < CALLS_A_TURN; i++) {
            sum += arm.call();
        }
        return sum;
    }

    /** Prints the pairs' figures a call since {@link #reset()}, under {@code what}; nothing without a pair. */
    public void print(String what) {
        if (pairs == 0) {
            return;
        }
        long[] differences = new long[pairs];
        for (int i = 0; i < pairs; i++) {
            differences[i] = subjectCpu[i] - baseCpu[i];
        }
        System.out.printf(
                "%s, a call (medians of %d paired turns of %d calls): thread CPU %s %.3f us, %s %.3f us,"
                        + " %s - %s %.3f us (means %.3f, %.3f, %.3f); time %s %.3f us, %s %.3f us (means"
                        + " %.3f, %.3f); bytes %s %d, %s %d%n",
                what,
                pairs,
                CALLS_A_TURN,
                subjectName,
                perCall(median(subjectCpu, pairs)) / 1000,
                baseName,
                perCall(median(baseCpu, pairs)) / 1000,
                subjectName,
                baseName,
                perCall(median(differences, pairs)) / 1000,
                perCall(mean(subjectCpu, pairs)) / 1000,
                perCall(mean(baseCpu, pairs)) / 1000,
                perCall(mean(differences, pairs)) / 1000,
                subjectName,
                perCall(median(subjectWall, pairs)) / 1000,
                baseName,
                perCall(median(baseWall, pairs)) / 1000,
                perCall(mean(subjectWall, pairs)) / 1000,
                perCall(mean(baseWall, pairs)) / 1000,
                subjectName,
                Math.round(perCall(median(subjectBytes, pairs))),
                baseName,
                Math.round(perCall(median(baseBytes, pairs))));
    }

    private static double perCall(double turnTotal) {
        return turnTotal / CALLS_A_TURN;
    }

    private static double mean(long[] values, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += values[i];
        }
        return sum / count;
    }

    private static long median(long[] values, int count) {
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return sorted[count / 2];
    }
}
