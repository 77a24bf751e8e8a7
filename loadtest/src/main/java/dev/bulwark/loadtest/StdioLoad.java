package dev.bulwark.loadtest;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The stdio load driver of {@code scripts/load-stdio.sh}.
 */
public final class StdioLoad {

    private StdioLoad() {}

    /**
     * Starts every server given, warms each up, then measures them in alternating rounds of pipelined {@code
     * tools/call} requests, printing calls/s and server CPU per call; exits 1 if any answer was not a successful tool
     * result. Options, then {@code -- NAME COMMAND...} per server, the reference last ({@link StdioLoadOptions}).
     */
    public static void main(String[] args) throws Exception {
        StdioLoadOptions options = StdioLoadOptions.parse(args);
        List<StdioPeer> peers = new ArrayList<>();
        try {
            for (StdioLoadOptions.Server server : options.servers()) {
                File stderr = new File(options.logs(), server.name() + ".stderr.log");
                say("starting %s: %s (stderr: %s)", server.name(), String.join(" ", server.command()), stderr);
                peers.add(new StdioPeer(
                        server.name(),
                        server.command(),
                        stderr,
                        options.tool(),
                        options.arguments(),
                        options.extraParams(),
                        options.window()));
            }
            say(
                    "window %d, warm-up %.0f s per server in %d turns, %d rounds of %.0f s",
                    options.window(),
                    options.warmupSeconds(),
                    options.warmupRuns(),
                    options.rounds(),
                    options.durationSeconds());
            for (int turn = 0; turn < options.warmupRuns(); turn++) {
                for (StdioPeer peer : peers) {
                    report("warm-up", turn + 1, peer.run(options.warmupSeconds() / options.warmupRuns()));
                }
            }
            List<List<StdioRun>> rounds = new ArrayList<>();
            long failed = 0;
            for (int round = 1; round <= options.rounds(); round++) {
                List<StdioRun> runs = new ArrayList<>();
                List<StdioPeer> order = new ArrayList<>(peers);
                if (round % 2 == 0) {
                    Collections.reverse(order);
                }
                for (StdioPeer peer : order) {
                    StdioRun run = peer.run(options.durationSeconds());
                    report("round", round, run);
                    runs.add(run);
                    failed += run.failed();
                }
                rounds.add(runs);
            }
            System.out.print(StdioLoadReport.table(options.servers(), rounds));
            for (StdioPeer peer : peers) {
                if (peer.firstFailure() != null) {
                    say("%s: first failed answer: %s", peer.name(), peer.firstFailure());
                }
            }
            if (failed > 0) {
                System.exit(1);
            }
        } finally {
            for (StdioPeer peer : peers) {
                peer.close();
            }
        }
    }

    private static void report(String phase, int number, StdioRun run) {
        say(
                "%-7s %d  %-8s %9.0f calls/s  cpu %7.1f us/call  calls %d  failed %d",
                phase, number, run.server(), run.callsPerSecond(), run.cpuMicrosPerCall(), run.calls(), run.failed());
    }

    private static void say(String format, Object... args) {
        System.err.println("load-stdio: " + String.format(Locale.ROOT, format, args));
    }
}
