package dev.bulwark.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of a server process (Linux, same user): its heap in use right after a full collection, through {@code
 * jcmd GC.run} and {@code GC.heap_info} (whatever the collector), and its resident memory from {@code /proc}. Heap
 * after a collection is the live data; {@code /metrics} would show garbage too. Thread-safe.
 */
final class ServerMemory {

    /** A generation or region line of {@code GC.heap_info} (Serial, Parallel, G1): "total 1234K, used 567K". */
    private static final Pattern HEAP_LINE = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private final long pid;
    private final String jcmd;

    ServerMemory(long pid) {
        this.pid = pid;
        Path home = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        this.jcmd = Files.isExecutable(home) ? home.toString() : "jcmd";
    }

    /** Bytes of heap in use after a full collection. */
    long heapAfterGc() {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        long usedKib = 0;
        boolean found = false;
        for (String line : info.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher heap = HEAP_LINE.matcher(line);
            if (heap.find()) {
                usedKib += Long.parseLong(heap.group(2));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException("no heap figures in jcmd " + pid + " GC.heap_info:\n" + info);
        }
        return usedKib * 1024;
    }

    /** Bytes resident ({@code VmRSS}). */
    long resident() {
        return statusKib("VmRSS:") * 1024;
    }

    /** Threads of the process. */
    long threads() {
        return statusKib("Threads:");
    }

    private long statusKib(String field) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + status + " (has the server ended?)", e);
        }
        throw new IllegalStateException("no " + field + " in " + status);
    }

    private String jcmd(String command) {
        try {
            Process process = new ProcessBuilder(jcmd, Long.toString(pid), command)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running jcmd", e);
        }
    }
}
