package dev.bulwark.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Prints the CPU time per operation of one benchmark iteration, on the benchmark's thread and in the whole process,
 * figures a busy machine moves far less than time. Not thread-safe: one benchmark thread counts.
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
