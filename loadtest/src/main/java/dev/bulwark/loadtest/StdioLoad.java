package dev.bulwark.loadtest;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The stdio load driver of {@code scripts/load-stdio.sh}: starts every server given, initializes each, warms each up
 * in turns, then measures them in alternating rounds (the order flips every round), each a timed run of pipelined
 * {@code tools/call} requests of one trivial tool with a bounded window of outstanding requests. It prints every run
 * (calls/s, server CPU µs per call, failed answers) and, per round, each server's ratios to the last one given (the
 * reference). Exits 1 if any answer was not a successful tool result.
 *
 * <pre>{@code
 * java -cp loadtest/target/bare-sdk-server.jar dev.bulwark.loadtest.StdioLoad [options] \
 *     -- bulwark java -jar bootstrap/target/bulwark-server.jar --conformance-tools \
 *     -- bare-sdk java -jar loadtest/target/bare-sdk-server.jar --stdio
 * }</pre>
 *
 * Options (defaults in brackets): {@code --window} outstanding requests [64], {@code --warmup} seconds per server
 * [30], {@code --warmup-runs} turns the warm-up is split into [3], {@code --duration} seconds per run [10],
 * {@code --rounds} [5], {@code --tool} [test_simple_text], {@code --arguments} JSON object [{}], {@code --era}
 * [the session era's version; the 2026 era's sends each call as a request of that era, naming it in {@code _meta}; the
 * session is still opened, and a server that does not speak that era serves it as a 2025 call], {@code --logs}
 * directory for each server's stderr [the temporary directory].
 */
public final class StdioLoad {

    private StdioLoad() {
    }

    public static void main(String[] args) throws Exception {
        StdioLoadOptions options = StdioLoadOptions.parse(args);
        List<StdioPeer> peers = new ArrayList<>();
        try {
            for (StdioLoadOptions.Server server : options.servers()) {
                File stderr = new File(options.logs(), server.name() + ".stderr.log");
                say("starting %s: %s (stderr: %s)", server.name(), String.join(" ", server.command()), stderr);
                peers.add(new StdioPeer(server.name(), server.command(), stderr, options.tool(),
                        options.arguments(), options.extraParams(), options.window()));
            }
            say("window %d, warm-up %.0f s per server in %d turns, %d rounds of %.0f s", options.window(),
                    options.warmupSeconds(), options.warmupRuns(), options.rounds(), options.durationSeconds());
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
                    java.util.Collections.reverse(order);
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
        say("%-7s %d  %-8s %9.0f calls/s  cpu %7.1f us/call  calls %d  failed %d", phase, number, run.server(),
                run.callsPerSecond(), run.cpuMicrosPerCall(), run.calls(), run.failed());
    }

    private static void say(String format, Object... args) {
        System.err.println("load-stdio: " + String.format(Locale.ROOT, format, args));
    }
}
