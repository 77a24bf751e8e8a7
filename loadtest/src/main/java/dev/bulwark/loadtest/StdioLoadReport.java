package dev.bulwark.loadtest;

import java.util.List;
import java.util.Locale;

/** Renders the rounds of {@link StdioLoad} as a Markdown table: every run, and each server's ratios to the last. */
final class StdioLoadReport {

    private StdioLoadReport() {}

    /**
     * @param servers the servers in the order given; the last is the reference
     * @param rounds each round's runs, in the order they ran
     */
    static String table(List<StdioLoadOptions.Server> servers, List<List<StdioRun>> rounds) {
        String reference = servers.get(servers.size() - 1).name();
        StringBuilder out = new StringBuilder("\n| round |");
        for (StdioLoadOptions.Server server : servers) {
            out.append(" ")
                    .append(server.name())
                    .append(" calls/s | ")
                    .append(server.name())
                    .append(" CPU µs/call |");
        }
        for (StdioLoadOptions.Server server : servers.subList(0, servers.size() - 1)) {
            out.append(" ")
                    .append(server.name())
                    .append(" / ")
                    .append(reference)
                    .append(" calls/s | CPU |");
        }
        out.append("\n|---:|")
                .append("---:|".repeat(2 * servers.size() + 2 * (servers.size() - 1)))
                .append('\n');
        for (int r = 0; r < rounds.size(); r++) {
            List<StdioRun> runs = rounds.get(r);
            out.append("| ").append(r + 1).append(" |");
            for (StdioLoadOptions.Server server : servers) {
                StdioRun run = find(runs, server.name());
                out.append(format(" %.0f | %.1f |", run.callsPerSecond(), run.cpuMicrosPerCall()));
            }
            StdioRun ref = find(runs, reference);
            for (StdioLoadOptions.Server server : servers.subList(0, servers.size() - 1)) {
                StdioRun run = find(runs, server.name());
                out.append(format(
                        " %.2f | %.2f |",
                        run.callsPerSecond() / ref.callsPerSecond(), run.cpuMicrosPerCall() / ref.cpuMicrosPerCall()));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static StdioRun find(List<StdioRun> runs, String server) {
        return runs.stream()
                .filter(run -> run.server().equals(server))
                .findFirst()
                .orElseThrow();
    }

    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
