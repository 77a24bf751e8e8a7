package dev.bulwark.promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.postgres.PostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The server jar run as operators run it ({@link JarProcess}) over stdio, in the 2025-11-25 era (after
 * {@code initialize}) or the 2026-07-28 era. Over stdio the caller is the jar's local operator ({@code stdio.principal}
 * with {@code stdio.scopes}), so each caller gets a jar process of its own, as {@link StdioDoor} gives each an
 * in-process server; the processes share the stage's Redis and one real PostgreSQL by {@code DATABASE_URL}, as a fleet
 * does. What they log is read from their stderr; what they count cannot be read ({@link #COUNTERS_NOT_SERVED}).
 */
final class JarStdioDoor implements Door {

    /** Why the matrix cannot read what the jar counts over stdio. */
    static final String COUNTERS_NOT_SERVED = "the server jar over stdio serves no /metrics (it opens no port without"
            + " --http), and get_metrics, its operator's one way to read its counters, needs ops:read, which the limited"
            + " caller's own server does not grant, and reports no mcp_requests_total";

    private final boolean era2026;

    JarStdioDoor(boolean era2026) {
        this.era2026 = era2026;
    }

    @Override
    public Opened open(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory("promises-jar-stdio-");
        PostgresServer postgres = PostgresServer.start();
        List<JsonLinesLog> logs = new CopyOnWriteArrayList<>();
        StdioClientSide client = new StdioClientSide(
                era2026,
                stage,
                caller -> serve(stage, dir, postgres, caller, logs),
                Counters.unreadable(COUNTERS_NOT_SERVED));
        try {
            // both callers' servers start now, one after the other: a failed start fails the class's set-up, and
            // the two never migrate the database at once
            client.session(stage.limited);
            client.session(stage.admin);
        } catch (Exception | AssertionError e) {
            try {
                client.close();
            } finally {
                postgres.close();
            }
            throw e;
        }
        return new Served(stage, client, logs, postgres);
    }

    /**
     * A misspelt key in the config file: what the user is told is the process's stderr, and it must end with exit
     * code 2 and the nearest key.
     */
    @Override
    public Refused openWithOneWrongSetting(Stage stage) throws Exception {
        return JarProcess.refusedStart(stage, List.of(), true);
    }

    /**
     * Starts a jar over stdio whose local operator is {@code caller}, logging into a file of its own added to
     * {@code logs}; returns once it serves.
     */
    private static StdioClientSide.Server serve(
            Stage stage, Path dir, PostgresServer postgres, Caller caller, List<JsonLinesLog> logs) throws Exception {
        Path output = dir.resolve(caller.subject() + ".log");
        Path config = JarProcess.config(
                stage,
                dir,
                caller.subject() + ".json",
                Map.of(
                        "stdio",
                        Map.of(
                                "principal",
                                caller.subject(),
                                "scopes",
                                caller.scopes().stream().sorted().toList())));
        Process process = JarProcess.start(
                dir, output, config, stage, Map.of("DATABASE_URL", postgres.appUrl()), List.of(), true);
        logs.add(new JsonLinesLog(output));
        try {
            JarProcess.awaitLine(
                    process,
                    output,
                    "did not serve over stdio",
                    line -> "stdio".equals(line.path("transport").asText()));
        } catch (Exception | AssertionError e) {
            process.destroyForcibly(); // a server that never came up must not outlive the test
            throw e;
        }
        return new StdioClientSide.Server() {
            @Override
            public OutputStream input() {
                return process.getOutputStream();
            }

            @Override
            public InputStream output() {
                return process.getInputStream();
            }

            /** Its input closed, the jar ends by itself once its calls in flight have (40 s at most); else SIGTERM. */
            @Override
            public void close() throws InterruptedException {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    JarProcess.stop(process);
                }
            }
        };
    }

    /** The jars serving, one per caller, reached over their stdin and stdout by {@link StdioClientSide}. */
    private final class Served implements Opened {
        private final Stage stage;
        private final StdioClientSide client;
        private final List<JsonLinesLog> logs;
        private final PostgresServer postgres;

        Served(Stage stage, StdioClientSide client, List<JsonLinesLog> logs, PostgresServer postgres) {
            this.stage = stage;
            this.client = client;
            this.logs = logs;
            this.postgres = postgres;
        }

        @Override
        public Answer call(Caller caller, ToolCall call) throws Exception {
            return client.call(caller, call);
        }

        @Override
        public JsonNode request(Caller caller, String method, ObjectNode params, boolean declaringTasks)
                throws Exception {
            return client.request(caller, method, params, declaringTasks);
        }

        @Override
        public TaskWire tasks() {
            return client.tasks();
        }

        /**
         * The budgets of a stdio door, the tasks' held by the admin's calls that wait at the upstream (the jar has no
         * {@code promise_hold}), and the large-request budget, a share of the admin's jar's own heap.
         */
        @Override
        public Map<Budget, BudgetAtDoor> budgets() {
            Map<Budget, BudgetAtDoor> budgets =
                    new EnumMap<>(Budgets.ofTasks(this, stage, tasks(), stage.admin, stage::upstreamHold));
            budgets.put(Budget.CONNECTIONS, StdioClientSide.noConnections());
            budgets.put(Budget.SUBSCRIPTIONS, client.subscriptions());
            budgets.put(
                    Budget.LARGE_REQUEST_MEMORY,
                    BudgetAtDoor.kept(this::largeRequestServed, largeRequestHolder(false), largeRequestHolder(true)));
            return budgets;
        }

        @Override
        public Map<ToolKind, String> kindsNotServed() {
            return Map.of(
                    ToolKind.DECLARED,
                    JarDoor.NO_CODE_OF_THE_USER,
                    ToolKind.ANNOTATED,
                    JarDoor.NO_CODE_OF_THE_USER,
                    ToolKind.EXTENSION,
                    JarDoor.NO_CODE_OF_THE_USER,
                    ToolKind.VIEW,
                    JarDoor.NO_CODE_OF_THE_USER,
                    ToolKind.AUGMENTED,
                    JarDoor.NO_CODE_OF_THE_USER,
                    ToolKind.ACCEPTED,
                    JarDoor.NO_CODE_OF_THE_USER);
        }

        /** The lines of every caller's jar since the watch began; all of those of a jar started since. */
        @Override
        public LogWatch watchLogs() throws IOException {
            Map<JsonLinesLog, LogWatch> watches = new IdentityHashMap<>();
            for (JsonLinesLog log : logs) {
                watches.put(log, log.watch());
            }
            return new LogWatch() {
                @Override
                public List<LogLine> lines() throws Exception {
                    List<LogLine> lines = new ArrayList<>();
                    for (JsonLinesLog log : logs) {
                        LogWatch watch = watches.get(log);
                        lines.addAll(watch == null ? log.lines() : watch.lines());
                    }
                    return lines;
                }

                @Override
                public void close() {
                    // nothing is held: the files are read afresh each time
                }
            };
        }

        @Override
        public Counters counters() {
            return client.counters();
        }

        @Override
        public DatabaseAtDoor database() {
            return DatabaseAtDoor.of(new DatabaseAtDoor.Control() {
                @Override
                public void stop() {
                    postgres.stop();
                }

                @Override
                public void restart() {
                    postgres.restart();
                }
            });
        }

        @Override
        public void close() throws Exception {
            try {
                client.close();
            } finally {
                postgres.close();
            }
        }

        /**
         * Whether the admin's large request (a {@code process_data} call of nearly the largest line the jar takes)
         * is served: answered, not refused as busy with other large requests. Over stdio the budget is the caller's
         * own: its jar serves no one else.
         */
        private boolean largeRequestServed() throws Exception {
            ToolCall large = new ToolCall(
                    "process_data", Map.of("data", "p".repeat(JarProcess.LARGE_PADDING), "operation", "analyze"));
            return client.call(stage.admin, large).message().has("result");
        }

        /**
         * A holder that fills the admin's large-request budget with its large calls, each held at the upstream until
         * its gate opens; it departs by cancelling them ({@code notifications/cancelled}), or by their calls failing.
         */
        private BudgetAtDoor.Holder largeRequestHolder(boolean cancelled) {
            return new BudgetAtDoor.Holder() {
                @Override
                public String departs() {
                    return cancelled ? "is cancelled" : "fails";
                }

                @Override
                public BudgetAtDoor.Held fill() throws Exception {
                    String gate = "large-" + UUID.randomUUID();
                    StdioClientSide.Session session = client.session(stage.admin);
                    List<Long> held = new ArrayList<>();
                    // a 64th of the heap takes one or two lines of nearly the largest size: the holder sends them
                    // until one is refused as busy, or two are held
                    while (held.size() < 2) {
                        long id = client.nextId();
                        session.send(Wire.toolsCall(id, stage.upstreamHold(gate, JarProcess.LARGE_PADDING), era2026));
                        if (!awaitHeld(session, gate, held.size() + 1, id)) {
                            break;
                        }
                        held.add(id);
                    }
                    if (held.isEmpty()) {
                        stage.gate(gate).complete(false);
                        throw new AssertionError("no large call of the holder reached the upstream");
                    }
                    return new BudgetAtDoor.Held() {
                        @Override
                        public void depart() throws IOException {
                            if (cancelled) {
                                for (long id : held) {
                                    session.cancel(String.valueOf(id));
                                }
                            } else {
                                stage.gate(gate).complete(false);
                            }
                        }

                        @Override
                        public void close() {
                            stage.gate(gate).complete(false);
                        }
                    };
                }
            };
        }

        /**
         * Whether the {@code count}th call at {@code gate} reached the upstream (its line held by the server), false
         * when the server answered call {@code id} instead (refused as busy).
         */
        private boolean awaitHeld(StdioClientSide.Session session, String gate, int count, long id) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (stage.heldAt(gate) < count) {
                if (session.awaitAnswer(id, message -> false, 50) != null) {
                    return false;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the holder's large call was neither held nor answered within 60 s");
                }
            }
            return true;
        }
    }
}
