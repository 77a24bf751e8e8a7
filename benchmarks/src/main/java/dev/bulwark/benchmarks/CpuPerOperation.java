package dev.bulwark.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time one benchmark iteration spent per operation, on the benchmark's thread and in the whole process (its
 * background writers, the collector and the compiler included), printed at the end of the iteration: figures that a
 * machine shared with other work changes far less than the time per operation. Not thread-safe: one benchmark
 * thread counts, and the iteration's set-up and tear-down run on it.
 */
public final class CpuPerOperation {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean process =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long operations;
    private long threadStart;
    private long processStart;

    /** Starts counting, on the benchmark's thread. */
    public void start() {
        operations = 0;
        threadStart = threads.getCurrentThreadCpuTime();
        processStart = process.getProcessCpuTime();
    }

    /** Counts one operation. */
    public void operation() {
        operations++;
    }

    /** Prints the CPU time per operation since {@link #start()}, on the benchmark's thread. */
    public void print() {
        long thread = threads.getCurrentThreadCpuTime() - threadStart;
        long all = process.getProcessCpuTime() - processStart;
        if (operations > 0) {
            System.out.printf(
                    "cpu per op: benchmark thread %.3f us, process %.3f us (%d ops)%n",
                    thread / 1000.0 / operations, all / 1000.0 / operations, operations);
        }
    }
}
