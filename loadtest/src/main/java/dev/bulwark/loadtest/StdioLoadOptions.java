package dev.bulwark.loadtest;

import dev.bulwark.ports.origin.ProtocolEra;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@link StdioLoad}: options, then {@code -- NAME COMMAND...} for each server. The last server is
 * the reference the ratios are taken against.
 */
record StdioLoadOptions(
        int window,
        double warmupSeconds,
        int warmupRuns,
        double durationSeconds,
        int rounds,
        String tool,
        String arguments,
        String era,
        File logs,
        List<Server> servers) {

    /** The protocol era of the session ({@code initialize}), the default. */
    static final String SESSION_ERA = ProtocolEra.SESSIONS_2025_11_25.version();
    /** The 2026 era: each call names it in {@code _meta} and needs no session. */
    static final String ERA_2026 = ProtocolEra.REQUESTS_2026_07_28.version();

    /** One server: its name in the report and the command that starts it. */
    record Server(String name, List<String> command) {}

    static StdioLoadOptions parse(String[] args) throws IOException {
        int window = 64;
        double warmup = 30;
        int warmupRuns = 3;
        double duration = 10;
        int rounds = 5;
        String tool = "test_simple_text";
        String arguments = "{}";
        String era = SESSION_ERA;
        File logs = null;
        int i = 0;
        for (; i < args.length && !args[i].equals("--"); i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("no value for " + args[i]);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--window" -> window = Integer.parseInt(value);
                case "--warmup" -> warmup = Double.parseDouble(value);
                case "--warmup-runs" -> warmupRuns = Integer.parseInt(value);
                case "--duration" -> duration = Double.parseDouble(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--tool" -> tool = value;
                case "--arguments" -> arguments = value;
                case "--era" -> era = value;
                case "--logs" -> logs = new File(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Server> servers = new ArrayList<>();
        while (i < args.length) {
            i++; // the "--"
            int end = i;
            while (end < args.length && !args[end].equals("--")) {
                end++;
            }
            if (end - i < 2) {
                throw new IllegalArgumentException("expected -- NAME COMMAND... for each server");
            }
            servers.add(new Server(args[i], List.of(args).subList(i + 1, end)));
            i = end;
        }
        if (!era.equals(SESSION_ERA) && !era.equals(ERA_2026)) {
            throw new IllegalArgumentException("--era must be " + SESSION_ERA + " or " + ERA_2026 + ", not " + era);
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no server: add -- NAME COMMAND...");
        }
        if (logs == null) {
            logs = Files.createTempDirectory("bulwark-load-stdio").toFile();
        }
        return new StdioLoadOptions(
                window, warmup, warmupRuns, duration, rounds, tool, arguments, era, logs, List.copyOf(servers));
    }

    /** What each call's params carry besides the tool and its arguments: the 2026 era's {@code _meta}. */
    String extraParams() {
        return era.equals(ERA_2026)
                ? ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + era
                        + "\",\"io.modelcontextprotocol/clientCapabilities\":{}}"
                : "";
    }
}
